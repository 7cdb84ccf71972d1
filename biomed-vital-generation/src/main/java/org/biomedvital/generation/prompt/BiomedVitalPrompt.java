package org.biomedvital.generation.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.Turn;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatRole;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;

/**
 * Lays out the BioMed-VITAL generation request (method.md 2.2): the system instructions; then per
 * demonstration a user turn (optionally its image, the caption preface and raw caption, the context
 * preface and the caption-and-mentions block) and an assistant turn holding the clinician's
 * conversation; then the target figure's image and the same two text parts.
 *
 * <p>Unlike the official script, demonstration images can be attached ({@link
 * Builder#demonstrationImages(ImageRoot)}), and a JSON output mode is offered beside the text mode.
 * Immutable and thread-safe.
 */
public final class BiomedVitalPrompt {
  /** The {@code max_tokens} of the official generator. */
  public static final int DEFAULT_MAX_TOKENS = 4096;
  /** The template unless set: the BioMed-VITAL one. */
  public static final PromptTemplate DEFAULT_TEMPLATE = PromptTemplate.BIOMED_VITAL_V1;
  /** The output mode unless set: text, as the official generator. */
  public static final OutputMode DEFAULT_MODE = OutputMode.TEXT;
  /** Whether each candidate's seed is sent to the provider unless set: yes. */
  public static final boolean DEFAULT_SEND_SEED = true;

  private final PromptTemplate template;
  private final OutputMode mode;
  private final ImageRoot demonstrationImages;
  private final String detail;
  private final int maxTokens;
  private final Double temperature;
  private final boolean sendSeed;

  private BiomedVitalPrompt(Builder b) {
    this.template = b.template;
    this.mode = b.mode;
    this.demonstrationImages = b.demonstrationImages;
    this.detail = b.detail;
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.sendSeed = b.sendSeed;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this prompt's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.template = template;
    b.mode = mode;
    b.demonstrationImages = demonstrationImages;
    b.detail = detail;
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.sendSeed = sendSeed;
    return b;
  }

  /** The default prompt: {@link PromptTemplate#BIOMED_VITAL_V1}, text mode, no demo images. */
  public static BiomedVitalPrompt defaults() {
    return builder().build();
  }

  /** The template. */
  public PromptTemplate template() {
    return template;
  }

  /** The output mode. */
  public OutputMode mode() {
    return mode;
  }

  /**
   * The chat request for one candidate.
   *
   * @throws org.biomedvital.InvalidDataException when a demonstration image is to be attached but
   *     cannot be resolved
   */
  public ChatRequest render(GenerationRequest request) {
    Objects.requireNonNull(request, "request == null");
    ChatRequest.Builder b = ChatRequest.builder()
        .addMessage(ChatMessage.system(template.systemFor(mode)))
        .maxTokens(maxTokens)
        .responseFormat(mode == OutputMode.JSON ? ResponseFormat.JSON_OBJECT : ResponseFormat.TEXT);
    for (Demonstration demo : request.demonstrations()) {
      ImageRef image = demonstrationImages == null ? null
          : demonstrationImages.resolve(demo.figure().image());
      b.addMessage(userTurn(demo.figure(), image));
      b.addMessage(ChatMessage.assistant(answer(demo)));
    }
    b.addMessage(userTurn(request.figure(), request.image().orElse(null)));
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (sendSeed) {
      b.seed(request.seed());
    }
    return b.build();
  }

  private ChatMessage userTurn(Figure figure, ImageRef image) {
    List<ContentPart> parts = new ArrayList<>();
    if (image != null) {
      parts.add(new ContentPart.Image(image, detail));
    }
    parts.add(ContentPart.text(join(template.captionPreface(), figure.caption())));
    parts.add(ContentPart.text(join(template.contextPreface(), figure.context())));
    return new ChatMessage(ChatRole.USER, parts);
  }

  private static String join(String preface, String text) {
    return preface.isBlank() ? text : preface + "\n" + text;
  }

  private String answer(Demonstration demo) {
    if (mode == OutputMode.TEXT) {
      return demo.transcript();
    }
    List<Turn> clean = new ArrayList<>();
    for (Turn t : demo.conversation().turns()) {
      clean.add(new Turn(t.role(), Conversation.stripImageToken(t.text())));
    }
    ObjectNode n = Json.mapper().createObjectNode();
    n.set("conversations", Samples.turnsNode(clean));
    return n.toString();
  }

  @Override
  public String toString() {
    return "BiomedVitalPrompt{template=" + template.id() + ", mode=" + mode
        + ", demonstrationImages=" + (demonstrationImages != null) + "}";
  }

  /** Builds {@link BiomedVitalPrompt}s. */
  public static final class Builder {
    private PromptTemplate template = DEFAULT_TEMPLATE;
    private OutputMode mode = DEFAULT_MODE;
    private ImageRoot demonstrationImages;
    private String detail = "";
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private Double temperature;
    private boolean sendSeed = DEFAULT_SEND_SEED;

    private Builder() {}

    /** The template; default {@link #DEFAULT_TEMPLATE} ({@link PromptTemplate#BIOMED_VITAL_V1}). */
    public Builder template(PromptTemplate template) {
      this.template = Objects.requireNonNull(template, "template == null");
      return this;
    }

    /** The output mode; default {@link #DEFAULT_MODE}. */
    public Builder mode(OutputMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /** Attach each demonstration's image, resolved under {@code root}; default text-only demonstrations. */
    public Builder demonstrationImages(ImageRoot root) {
      this.demonstrationImages = Objects.requireNonNull(root, "root == null");
      return this;
    }

    /** The image detail level ({@code low}, {@code high}, {@code auto} or empty); default empty. */
    public Builder detail(String detail) {
      this.detail = Objects.requireNonNull(detail, "detail == null");
      new ContentPart.Image(org.biomedvital.data.ImageRef.of(new byte[0]), detail);
      return this;
    }

    /** The most tokens to generate; default {@value #DEFAULT_MAX_TOKENS}. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Checks.positive(maxTokens, "maxTokens");
      return this;
    }

    /** The sampling temperature; default unset (the provider's default, as the official code). */
    public Builder temperature(double temperature) {
      this.temperature = Checks.inRange(temperature, 0, 2, "temperature");
      return this;
    }

    /** Whether to send each candidate's seed to the provider; default {@value #DEFAULT_SEND_SEED}. */
    public Builder sendSeed(boolean sendSeed) {
      this.sendSeed = sendSeed;
      return this;
    }

    /** Builds the prompt. */
    public BiomedVitalPrompt build() {
      return new BiomedVitalPrompt(this);
    }
  }
}
