package org.biomedvital.selection.judge;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PairwiseVerdict.Winner;

/**
 * A pair-wise model judge that asks in both orders to cancel position bias: the two answers must
 * agree (after swapping back), otherwise the verdict is a {@link Winner#TIE} marked not
 * position-consistent. {@link #flipRate()} reports how often the orders disagreed.
 *
 * <pre>{@code
 * ModelPairwiseJudge judge = ModelPairwiseJudge.builder().model(visionChatModel).build();
 * PairwiseVerdict v = judge.compare(a, b, image);
 * double flips = judge.flipRate();
 * }</pre>
 *
 * <p>Thread-safe when the model is; the flip counters are shared by all callers.
 */
public final class ModelPairwiseJudge implements PairwiseJudge {
  private final VisionChatModel model;
  private final Rubric rubric;
  private final JudgeScope scope;
  private final int maxTokens;
  private final AtomicLong comparisons = new AtomicLong();
  private final AtomicLong flips = new AtomicLong();

  private ModelPairwiseJudge(Builder b) {
    this.model = b.model;
    this.rubric = b.rubric;
    this.scope = b.scope;
    this.maxTokens = b.maxTokens;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this judge's settings (model, rubric, scope, max tokens); the model is
   * shared. The judge built from it starts with its own flip counters.
   */
  public Builder toBuilder() {
    return new Builder().model(model).rubric(rubric).scope(scope).maxTokens(maxTokens);
  }

  /**
   * Compares two candidates of the same figure, asking twice (a then b, b then a).
   *
   * @throws UnparseableReplyException when either reply holds no verdict (raw reply kept)
   */
  @Override
  public PairwiseVerdict compare(InstructionSample a, InstructionSample b, ImageRef image) {
    Objects.requireNonNull(a, "a == null");
    Objects.requireNonNull(b, "b == null");
    ReplyParser.ParsedVerdict forward = ask(a, b, image);
    ReplyParser.ParsedVerdict backward = ask(b, a, image);
    Winner first = forward.winner();
    Winner second = swap(backward.winner());
    comparisons.incrementAndGet();
    String rationale = forward.rationale().isEmpty() ? backward.rationale() : forward.rationale();
    if (first == second) {
      return new PairwiseVerdict(first, true, rationale);
    }
    flips.incrementAndGet();
    return new PairwiseVerdict(Winner.TIE, false,
        "orders disagree (a first: " + first + ", b first: " + second + "); " + rationale);
  }

  /** The number of comparisons made so far. */
  public long comparisons() {
    return comparisons.get();
  }

  /** The share of comparisons whose two orders disagreed; 0 before any comparison. */
  public double flipRate() {
    long n = comparisons.get();
    return n == 0 ? 0 : (double) flips.get() / n;
  }

  private ReplyParser.ParsedVerdict ask(InstructionSample first, InstructionSample second,
      ImageRef image) {
    String reply = model.chat(JudgePrompts.request(rubric, JudgePrompts.pairwise(first, second, scope, rubric),
        image, maxTokens)).text();
    try {
      return ReplyParser.verdict(reply);
    } catch (UnparseableReplyException e) {
      throw new UnparseableReplyException(
          "pair " + first.id() + " vs " + second.id() + ": " + e.getMessage(), e.rawReply());
    }
  }

  private static Winner swap(Winner w) {
    return w == Winner.A ? Winner.B : w == Winner.B ? Winner.A : Winner.TIE;
  }

  /** Builds {@link ModelPairwiseJudge}s; the model is required. */
  public static final class Builder {
    private VisionChatModel model;
    private Rubric rubric = Rubric.clinicianDefault();
    private JudgeScope scope = JudgeScope.CONVERSATION;
    private int maxTokens = ModelPreferenceJudge.DEFAULT_MAX_TOKENS;

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

    /** What is compared; default {@link JudgeScope#CONVERSATION}. */
    public Builder scope(JudgeScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope == null");
      return this;
    }

    /** The most reply tokens per call; default {@link ModelPreferenceJudge#DEFAULT_MAX_TOKENS}. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Checks.positive(maxTokens, "maxTokens");
      return this;
    }

    /**
     * Builds the judge.
     *
     * @throws IllegalStateException when no model is set
     */
    public ModelPairwiseJudge build() {
      Checks.checkState(model != null, "model is required; call model(...)");
      return new ModelPairwiseJudge(this);
    }
  }
}
