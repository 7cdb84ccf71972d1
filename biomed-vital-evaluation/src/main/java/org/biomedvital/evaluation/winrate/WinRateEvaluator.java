package org.biomedvital.evaluation.winrate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.internal.JudgeSettings;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.model.VisionChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairwise win rate of one model's answers (A) against another's (B): a judge sees the image, the
 * question, the reference answer and both answers, and gives a {@code [[A]]}/{@code [[B]]}/
 * {@code [[C]]} verdict, asked in both orders by default.
 *
 * <pre>{@code
 * WinRateEvaluator evaluator = WinRateEvaluator.builder()
 *     .judge(gpt4v).imageRoot(ImageRoot.of(Path.of("images"))).build();
 * List<PairJudgement> js = evaluator.run(questions, answersA, answersB, Path.of("judgements.jsonl"));
 * WinRateReport report = WinRateReport.compute(js);
 * }</pre>
 *
 * <p>Closed questions (answer type {@code CLOSED} or {@code CLOSE}) are skipped unless
 * {@link Builder#includeClosed(boolean)}. Judgements are appended to a journal as they arrive; a
 * rerun judges only the questions still missing. Immutable and thread-safe.
 */
public final class WinRateEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(WinRateEvaluator.class);

  /** The default number of questions judged at once. */
  public static final int DEFAULT_CONCURRENCY = JudgeSettings.DEFAULT_CONCURRENCY;

  /** Whether questions are judged in both orders by default. */
  public static final boolean DEFAULT_BOTH_ORDERS = true;

  /** Whether closed questions are judged by default. */
  public static final boolean DEFAULT_INCLUDE_CLOSED = false;

  private final JudgeSettings judging;
  private final WinRatePrompt prompt;
  private final boolean bothOrders;
  private final boolean includeClosed;

  private WinRateEvaluator(Builder b, JudgeSettings judging) {
    this.judging = judging;
    this.prompt = b.prompt;
    this.bothOrders = b.bothOrders;
    this.includeClosed = b.includeClosed;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this evaluator's settings (the judge model is shared, not copied). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.judging = judging.copy();
    b.prompt = prompt;
    b.bothOrders = bothOrders;
    b.includeClosed = includeClosed;
    return b;
  }

  /**
   * Judges one question: first with {@code answerA} as assistant A, then (both orders) swapped.
   *
   * @throws org.biomedvital.RemoteServiceException when the judge fails
   * @throws org.biomedvital.InvalidDataException when the image cannot be read
   */
  public PairJudgement judge(WinRateQuestion q, String answerA, String answerB) {
    VisionChatModel judge = judging.judge();
    ImageRoot imageRoot = judging.imageRoot();
    ImageRef image = imageRoot == null || q.image().isEmpty() ? null : imageRoot.resolve(q.image());
    String forward = judge.chat(prompt.request(q, answerA, answerB, image)).text();
    Optional<String> backward = bothOrders
        ? Optional.of(judge.chat(prompt.request(q, answerB, answerA, image)).text())
        : Optional.empty();
    return new PairJudgement(q.id(), forward, backward);
  }

  /**
   * Judges every (open) question, appending each judgement to {@code out} and skipping questions
   * already judged there.
   *
   * @return the judgements of the questions judged, in question order
   * @throws org.biomedvital.InvalidDataException when either answer file does not match the
   *     questions by id
   */
  public List<PairJudgement> run(List<WinRateQuestion> questions, List<ModelAnswer> answersA,
      List<ModelAnswer> answersB, Path out) {
    Map<WinRateQuestion, ModelAnswer> a =
        AnswerFiles.match(questions, WinRateQuestion::id, answersA, "questions", "answers A");
    Map<WinRateQuestion, ModelAnswer> b =
        AnswerFiles.match(questions, WinRateQuestion::id, answersB, "questions", "answers B");
    List<WinRateQuestion> judged = new ArrayList<>();
    int skipped = 0;
    for (WinRateQuestion q : questions) {
      if (q.isClosed() && !includeClosed) {
        skipped++;
      } else {
        judged.add(q);
      }
    }
    List<PairJudgement> results = judging.judgeAll(out, WinRateQuestion::id, judged, q -> {
      String ansA = a.get(q).text();
      String ansB = b.get(q).text();
      return WinRateFiles.toJsonLine(q, ansA, ansB, judge(q, ansA, ansB), judging.judgeName());
    }, judged, WinRateFiles::readJudgements, PairJudgement::questionId).results();
    LOG.info("win rate: {} questions judged, {} closed questions skipped", judged.size(), skipped);
    return results;
  }

  /** Builds {@link WinRateEvaluator}s; a judge is required. */
  public static final class Builder {
    private JudgeSettings judging = new JudgeSettings();
    private WinRatePrompt prompt = WinRatePrompt.defaults();
    private boolean bothOrders = DEFAULT_BOTH_ORDERS;
    private boolean includeClosed = DEFAULT_INCLUDE_CLOSED;

    private Builder() {}

    /**
     * How many questions to judge at once (default
     * {@link WinRateEvaluator#DEFAULT_CONCURRENCY}).
     */
    public Builder concurrency(int concurrency) {
      judging.concurrency(concurrency);
      return this;
    }

    /** The judge model. */
    public Builder judge(VisionChatModel judge) {
      judging.judge(judge);
      return this;
    }

    /** The prompt; default {@link WinRatePrompt#defaults()}. */
    public Builder prompt(WinRatePrompt prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    /** The image folder; without one the judge sees text only. */
    public Builder imageRoot(ImageRoot imageRoot) {
      judging.imageRoot(imageRoot);
      return this;
    }

    /**
     * Whether to ask in both orders (default {@link WinRateEvaluator#DEFAULT_BOTH_ORDERS}; the
     * official script asks once).
     */
    public Builder bothOrders(boolean bothOrders) {
      this.bothOrders = bothOrders;
      return this;
    }

    /**
     * Whether to judge closed questions too (default
     * {@link WinRateEvaluator#DEFAULT_INCLUDE_CLOSED}).
     */
    public Builder includeClosed(boolean includeClosed) {
      this.includeClosed = includeClosed;
      return this;
    }

    /** The judge's name recorded in each judgement; default empty. */
    public Builder judgeName(String judgeName) {
      judging.judgeName(judgeName);
      return this;
    }

    /** Builds the evaluator. @throws IllegalStateException when the judge is missing */
    public WinRateEvaluator build() {
      return new WinRateEvaluator(this, judging.checked());
    }
  }
}
