package org.biomedvital.selection.judge;

import java.util.Objects;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.PreferenceJudge;

/**
 * The policy-guided model judge: asks a vision model to score a candidate 0..scale under a {@link
 * Rubric}, with the figure's image attached, at temperature 0, asking for JSON.
 *
 * <h2>Parsing</h2>
 *
 * The reply's JSON {@code score} is used; failing JSON, the first number of the first line. A
 * reply with neither is an {@link UnparseableReplyException} carrying the raw reply, never a
 * default score (the official code silently used 0 or 5).
 *
 * <pre>{@code
 * PreferenceJudge judge = ModelPreferenceJudge.builder()
 *     .model(visionChatModel)
 *     .rubric(Rubric.clinicianDefault())
 *     .scope(JudgeScope.CONVERSATION)
 *     .rater("gpt-4o")
 *     .build();
 * Rating r = judge.rate(sample, imageRoot.resolve(sample.image()));
 * }</pre>
 *
 * <p>Immutable and thread-safe when the model is.
 */
public final class ModelPreferenceJudge implements PreferenceJudge {
  /** The default most tokens of a judge reply. */
  public static final int DEFAULT_MAX_TOKENS = 512;
  /** The default rater name recorded in ratings. */
  public static final String DEFAULT_RATER = "model";

  private final VisionChatModel model;
  private final Rubric rubric;
  private final JudgeScope scope;
  private final String rater;
  private final int maxTokens;

  private ModelPreferenceJudge(Builder b) {
    this.model = b.model;
    this.rubric = b.rubric;
    this.scope = b.scope;
    this.rater = b.rater;
    this.maxTokens = b.maxTokens;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this judge's settings. */
  public Builder toBuilder() {
    return new Builder().model(model).rubric(rubric).scope(scope).rater(rater).maxTokens(maxTokens);
  }

  /** The rubric applied. */
  public Rubric rubric() {
    return rubric;
  }

  /** The scope judged. */
  public JudgeScope scope() {
    return scope;
  }

  /** The request this judge sends for a sample (for inspection and tests). */
  public ChatRequest request(InstructionSample sample, ImageRef image) {
    return JudgePrompts.request(rubric, JudgePrompts.pointwise(sample, scope, rubric), image, maxTokens);
  }

  /**
   * Rates one candidate.
   *
   * @throws UnparseableReplyException when the reply holds no score in range (raw reply kept)
   * @throws org.biomedvital.RemoteServiceException when the model call fails
   */
  @Override
  public Rating rate(InstructionSample sample, ImageRef image) {
    Objects.requireNonNull(sample, "sample == null");
    ChatResponse reply = model.chat(request(sample, image));
    ReplyParser.ParsedScore parsed;
    try {
      parsed = ReplyParser.score(reply.text(), rubric.scale());
    } catch (UnparseableReplyException e) {
      throw new UnparseableReplyException(
          "sample " + sample.id() + ": " + e.getMessage(), e.rawReply());
    }
    return new Rating(sample.id(), parsed.score(), rubric.scale(), rubric.fullId(), rater,
        parsed.rationale());
  }

  @Override
  public String toString() {
    return "ModelPreferenceJudge{rater=" + rater + ", rubric=" + rubric.fullId() + ", scope="
        + scope.wireName() + "}";
  }

  /** Builds {@link ModelPreferenceJudge}s; the model is required. */
  public static final class Builder {
    private VisionChatModel model;
    private Rubric rubric = Rubric.clinicianDefault();
    private JudgeScope scope = JudgeScope.CONVERSATION;
    private String rater = DEFAULT_RATER;
    private int maxTokens = DEFAULT_MAX_TOKENS;

    private Builder() {}

    /** The vision model that judges (required). */
    public Builder model(VisionChatModel model) {
      this.model = Objects.requireNonNull(model, "model == null");
      return this;
    }

    /** The rubric; default {@link Rubric#clinicianDefault()}. */
    public Builder rubric(Rubric rubric) {
      this.rubric = Objects.requireNonNull(rubric, "rubric == null");
      return this;
    }

    /** What is judged; default {@link JudgeScope#CONVERSATION}. */
    public Builder scope(JudgeScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope == null");
      return this;
    }

    /** The rater name recorded in ratings, e.g. the model id; default {@link #DEFAULT_RATER}. */
    public Builder rater(String rater) {
      this.rater = Checks.notBlank(rater, "rater");
      return this;
    }

    /** The most reply tokens; default {@link #DEFAULT_MAX_TOKENS}. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Checks.positive(maxTokens, "maxTokens");
      return this;
    }

    /**
     * Builds the judge.
     *
     * @throws IllegalStateException when no model is set
     */
    public ModelPreferenceJudge build() {
      Checks.checkState(model != null, "model is required; call model(...)");
      return new ModelPreferenceJudge(this);
    }
  }
}
