package org.biomedvital.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRef;
import org.biomedvital.internal.Checks;

/** What one generation call needs: the figure, its image, the sampled demonstrations, a seed. */
public final class GenerationRequest {
  /** The default candidate index: the first candidate of a figure. */
  public static final int DEFAULT_CANDIDATE_INDEX = 0;

  /** The default seed. */
  public static final long DEFAULT_SEED = 0L;

  private final Figure figure;
  private final ImageRef image;
  private final List<Demonstration> demonstrations;
  private final int candidateIndex;
  private final long seed;

  private GenerationRequest(Builder b) {
    this.figure = b.figure;
    this.image = b.image;
    this.demonstrations = List.copyOf(b.demonstrations);
    this.candidateIndex = b.candidateIndex;
    this.seed = b.seed;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every setting of this request. */
  public Builder toBuilder() {
    Builder b = new Builder().figure(figure).demonstrations(demonstrations)
        .candidateIndex(candidateIndex).seed(seed);
    b.image = image;
    return b;
  }

  /** The figure to write a conversation about. */
  public Figure figure() {
    return figure;
  }

  /** The figure's image, when available (text-only generators may do without). */
  public Optional<ImageRef> image() {
    return Optional.ofNullable(image);
  }

  /** The demonstrations to show, in order. */
  public List<Demonstration> demonstrations() {
    return demonstrations;
  }

  /** Which candidate of the figure this is, from 0. */
  public int candidateIndex() {
    return candidateIndex;
  }

  /** The seed for anything random in this candidate. */
  public long seed() {
    return seed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GenerationRequest)) {
      return false;
    }
    GenerationRequest r = (GenerationRequest) o;
    return figure.equals(r.figure) && Objects.equals(image, r.image)
        && demonstrations.equals(r.demonstrations) && candidateIndex == r.candidateIndex
        && seed == r.seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(figure, image, demonstrations, candidateIndex, seed);
  }

  @Override
  public String toString() {
    return "GenerationRequest{figure=" + figure.pairId() + ", candidate=" + candidateIndex
        + ", demonstrations=" + demonstrations.size() + ", seed=" + seed + "}";
  }

  /** Builds {@link GenerationRequest}s; the figure is required. */
  public static final class Builder {
    private Figure figure;
    private ImageRef image;
    private final List<Demonstration> demonstrations = new ArrayList<>();
    private int candidateIndex = DEFAULT_CANDIDATE_INDEX;
    private long seed = DEFAULT_SEED;

    private Builder() {}

    /** The figure (required). */
    public Builder figure(Figure figure) {
      this.figure = Objects.requireNonNull(figure, "figure == null");
      return this;
    }

    /** The figure's image. */
    public Builder image(ImageRef image) {
      this.image = Objects.requireNonNull(image, "image == null");
      return this;
    }

    /** The demonstrations to show. */
    public Builder demonstrations(List<Demonstration> demonstrations) {
      this.demonstrations.clear();
      this.demonstrations.addAll(demonstrations);
      return this;
    }

    /** The candidate index, >= 0; default {@value GenerationRequest#DEFAULT_CANDIDATE_INDEX}. */
    public Builder candidateIndex(int candidateIndex) {
      this.candidateIndex = Checks.nonNegative(candidateIndex, "candidateIndex");
      return this;
    }

    /** The seed; default {@value GenerationRequest#DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Builds the request. @throws IllegalStateException when the figure is missing */
    public GenerationRequest build() {
      Checks.checkState(figure != null, "figure is required; call figure(...)");
      return new GenerationRequest(this);
    }
  }
}
