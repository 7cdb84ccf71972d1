package org.biomedvital.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.internal.Checks;

/**
 * One visual instruction-following sample: an image, a conversation about it, the figure's text (when
 * known) and where the sample came from. The unit that is generated, judged, scored, selected and
 * tuned on.
 *
 * <p>Immutable; build with {@link #builder()} and derive with {@link #toBuilder()}.
 */
public final class InstructionSample {
  private final String id;
  private final String figureId;
  private final String image;
  private final Set<Domain> domains;
  private final Conversation conversation;
  private final String caption;
  private final List<String> mentions;
  private final Provenance provenance;

  private InstructionSample(Builder b) {
    this.id = Checks.notBlank(b.id, "id");
    this.image = Checks.notBlank(b.image, "image");
    this.conversation = Objects.requireNonNull(b.conversation, "conversation == null");
    this.figureId = b.figureId != null ? b.figureId : defaultFigureId(b.image);
    this.domains = Domain.setOf(b.domains);
    this.caption = b.caption;
    this.mentions = List.copyOf(b.mentions);
    this.provenance = b.provenance;
  }

  private static String defaultFigureId(String image) {
    String name = image.substring(image.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this sample's values. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .figureId(figureId)
        .image(image)
        .domains(domains)
        .conversation(conversation)
        .caption(caption)
        .mentions(mentions)
        .provenance(provenance);
  }

  /** The sample id, e.g. {@code "18063892_F3#0"} for candidate 0 of a figure. */
  public String id() {
    return id;
  }

  /** The figure (pair) id; defaults to the image file stem. */
  public String figureId() {
    return figureId;
  }

  /** The image file name relative to the image folder. */
  public String image() {
    return image;
  }

  /** The true domain flags. */
  public Set<Domain> domains() {
    return domains;
  }

  /** The conversation. */
  public Conversation conversation() {
    return conversation;
  }

  /** The figure caption, empty when unknown. */
  public String caption() {
    return caption;
  }

  /** The figure's inline mentions, empty when unknown. */
  public List<String> mentions() {
    return mentions;
  }

  /** Where the sample came from; {@link Provenance#UNKNOWN} when not recorded. */
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof InstructionSample)) {
      return false;
    }
    InstructionSample s = (InstructionSample) o;
    return id.equals(s.id)
        && figureId.equals(s.figureId)
        && image.equals(s.image)
        && domains.equals(s.domains)
        && conversation.equals(s.conversation)
        && caption.equals(s.caption)
        && mentions.equals(s.mentions)
        && provenance.equals(s.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, figureId, image, domains, conversation, caption, mentions, provenance);
  }

  @Override
  public String toString() {
    return "InstructionSample{id=" + id + ", image=" + image + ", turns=" + conversation.size() + "}";
  }

  /** Builds {@link InstructionSample}s; {@code id}, {@code image} and {@code conversation} are required. */
  public static final class Builder {
    private String id;
    private String figureId;
    private String image;
    private Set<Domain> domains = Set.of();
    private Conversation conversation;
    private String caption = "";
    private List<String> mentions = new ArrayList<>();
    private Provenance provenance = Provenance.UNKNOWN;

    private Builder() {}

    /** The sample id (required). */
    public Builder id(String id) {
      this.id = Checks.notBlank(id, "id");
      return this;
    }

    /** The figure id; defaults to the image file stem. */
    public Builder figureId(String figureId) {
      this.figureId = Checks.notBlank(figureId, "figureId");
      return this;
    }

    /** The image file name relative to the image folder (required). */
    public Builder image(String image) {
      this.image = Checks.notBlank(image, "image");
      return this;
    }

    /** The true domain flags; default none. */
    public Builder domains(Set<Domain> domains) {
      this.domains = Objects.requireNonNull(domains, "domains == null");
      return this;
    }

    /** The conversation (required). */
    public Builder conversation(Conversation conversation) {
      this.conversation = Objects.requireNonNull(conversation, "conversation == null");
      return this;
    }

    /** The figure caption; default empty. */
    public Builder caption(String caption) {
      this.caption = Objects.requireNonNull(caption, "caption == null");
      return this;
    }

    /** The inline mentions; default none. */
    public Builder mentions(List<String> mentions) {
      this.mentions = new ArrayList<>(Objects.requireNonNull(mentions, "mentions == null"));
      return this;
    }

    /** Copies image, figure id, domains, caption and mentions from a figure. */
    public Builder figure(Figure figure) {
      Objects.requireNonNull(figure, "figure == null");
      return figureId(figure.pairId())
          .image(figure.image())
          .domains(figure.domains())
          .caption(figure.caption())
          .mentions(figure.mentions());
    }

    /** Where the sample came from; default {@link Provenance#UNKNOWN}. */
    public Builder provenance(Provenance provenance) {
      this.provenance = Objects.requireNonNull(provenance, "provenance == null");
      return this;
    }

    /**
     * Builds the sample.
     *
     * @throws IllegalStateException when id, image or conversation is missing
     */
    public InstructionSample build() {
      Checks.checkState(id != null, "id is required; call id(...)");
      Checks.checkState(image != null, "image is required; call image(...) or figure(...)");
      Checks.checkState(conversation != null, "conversation is required; call conversation(...)");
      return new InstructionSample(this);
    }
  }
}
