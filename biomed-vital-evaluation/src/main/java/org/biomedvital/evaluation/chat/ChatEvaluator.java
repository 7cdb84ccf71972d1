package org.biomedvital.evaluation.chat;

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
 * Runs the open visual chat judge (the LLaVA-Med QA50 benchmark): for each question, the judge
 * compares the reference answer (Assistant 1) with the model's answer (Assistant 2) and replies
 * with two 1-10 scores on its first line; optionally a second pass asks again with the two answers
 * swapped, to cancel position bias.
 *
 * <pre>{@code
 * ChatEvaluator evaluator = ChatEvaluator.builder()
 *     .judge(Providers.visionChatModel("openai-compatible", settings))
 *     .prompt(ChatJudgePrompt.of(JudgeStyle.WITH_IMAGE))
 *     .imageRoot(ImageRoot.of(Path.of("images")))
 *     .swap(true)
 *     .build();
 * List<ChatReview> reviews = evaluator.run(questions, answers, Path.of("reviews.jsonl"));
 * ChatSummary table = ChatSummary.compute(reviews, EvaluationMode.CORRECTED);
 * }</pre>
 *
 * <p>Reviews are appended to a journal as they arrive: a run that stops (a crash, a rate limit)
 * keeps every review written, and running it again judges only the questions still missing.
 * Immutable and thread-safe; {@link #run} judges {@link Builder#concurrency} questions at a time.
 */
public final class ChatEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(ChatEvaluator.class);

  /** The default number of questions judged at once. */
  public static final int DEFAULT_CONCURRENCY = JudgeSettings.DEFAULT_CONCURRENCY;

  /** The default judge prompt style. */
  public static final JudgeStyle DEFAULT_STYLE = JudgeStyle.TEXT_ONLY;

  private final JudgeSettings judging;
  private final ChatJudgePrompt prompt;
  private final boolean swap;

  private ChatEvaluator(Builder b, JudgeSettings judging) {
    this.judging = judging;
    this.prompt = b.prompt;
    this.swap = b.swap;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this evaluator's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.judging = judging.copy();
    b.prompt = prompt;
    b.swap = swap;
    return b;
  }

  /**
   * Judges one answer.
   *
   * @throws org.biomedvital.RemoteServiceException when the judge endpoint fails
   * @throws org.biomedvital.InvalidDataException when the with-image style cannot read the image
   */
  public ChatReview review(ChatQuestion question, String modelAnswer) {
    Objects.requireNonNull(question, "question == null");
    Objects.requireNonNull(modelAnswer, "modelAnswer == null");
    VisionChatModel judge = judging.judge();
    ImageRef image = null;
    if (prompt.style() == JudgeStyle.WITH_IMAGE) {
      image = judging.imageRoot().resolve(question.image());
    }
    String first = judge.chat(prompt.request(question, question.referenceAnswer(), modelAnswer,
        image)).text();
    Optional<String> second = Optional.empty();
    if (swap) {
      second = Optional.of(judge.chat(prompt.request(question, modelAnswer,
          question.referenceAnswer(), image)).text());
    }
    return new ChatReview(question.id(), question.type(), question.domains(), first, second);
  }

  /**
   * Judges every question's answer, appending each review to {@code reviewsFile} (LLaVA-Med review
   * format) as soon as it arrives, and skipping questions already reviewed there.
   *
   * @return the reviews of {@code questions}, in question order
   * @throws org.biomedvital.InvalidDataException when the answers do not match the questions by
   *     id, or the review file is damaged
   * @throws org.biomedvital.RemoteServiceException when the judge fails; reviews written so far
   *     are kept
   */
  public List<ChatReview> run(List<ChatQuestion> questions, List<ModelAnswer> answers,
      Path reviewsFile) {
    Map<ChatQuestion, ModelAnswer> matched =
        AnswerFiles.match(questions, ChatQuestion::id, answers, "questions", "answers");
    JudgeSettings.Judged<ChatReview> done = judging.judgeAll(reviewsFile, ChatQuestion::id,
        new ArrayList<>(matched.keySet()), q -> {
          String answer = matched.get(q).text();
          return ChatReviews.toJsonLine(q, q.referenceAnswer(), answer, review(q, answer),
              judging.judgeName());
        }, questions, ChatReviews::read, ChatReview::questionId);
    LOG.info("judged {} of {} questions ({} were already in {})", done.judgedNow(),
        questions.size(), questions.size() - done.judgedNow(), reviewsFile);
    return done.results();
  }

  /** Builds {@link ChatEvaluator}s; a judge is required. */
  public static final class Builder {
    private JudgeSettings judging = new JudgeSettings();
    private ChatJudgePrompt prompt = ChatJudgePrompt.of(DEFAULT_STYLE);
    private boolean swap;

    private Builder() {}

    /**
     * How many questions to judge at once (default {@link ChatEvaluator#DEFAULT_CONCURRENCY}).
     * Reviews are still appended whole, one per line, in completion order; the returned list is in
     * question order.
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

    /**
     * The judge prompt; default {@code ChatJudgePrompt.of(}{@link ChatEvaluator#DEFAULT_STYLE}
     * {@code )}.
     */
    public Builder prompt(ChatJudgePrompt prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    /** The folder of the question images; required by the with-image style. */
    public Builder imageRoot(ImageRoot imageRoot) {
      judging.imageRoot(imageRoot);
      return this;
    }

    /** Whether to run the second pass with the answers swapped; default false. */
    public Builder swap(boolean swap) {
      this.swap = swap;
      return this;
    }

    /** The judge's name recorded in each review ({@code judge_model}); default empty. */
    public Builder judgeName(String judgeName) {
      judging.judgeName(judgeName);
      return this;
    }

    /**
     * Builds the evaluator.
     *
     * @throws IllegalStateException when the judge is missing, or the with-image style has no
     *     image folder
     */
    public ChatEvaluator build() {
      JudgeSettings checked = judging.checked();
      if (prompt.style() == JudgeStyle.WITH_IMAGE && checked.imageRoot() == null) {
        throw new IllegalStateException(
            "the with-image judge needs the question images; call imageRoot(...)");
      }
      return new ChatEvaluator(this, checked);
    }
  }
}
