package org.biomedvital.evaluation.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.chat.ChatAnswers;
import org.biomedvital.evaluation.chat.ChatEvaluator;
import org.biomedvital.evaluation.chat.ChatJudgePrompt;
import org.biomedvital.evaluation.chat.ChatQuestion;
import org.biomedvital.evaluation.chat.ChatQuestions;
import org.biomedvital.evaluation.chat.ChatReview;
import org.biomedvital.evaluation.chat.ChatSummary;
import org.biomedvital.evaluation.chat.JudgeStyle;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.report.ReportTables;
import org.biomedvital.evaluation.text.Bleu;
import org.biomedvital.evaluation.text.Overlap;
import org.biomedvital.evaluation.text.TokenMetrics;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.pipeline.EvaluationTables;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageContext;
import org.biomedvital.pipeline.StageResult;

/**
 * The pipeline's evaluate stage on held-out open-chat questions (the QA50 format): the tuned model
 * answers every question, the answers are scored against the reference answers with model-free
 * text metrics (token recall, F1, BLEU-1, per domain), and, when a judge model is configured, the
 * LLaVA-Med judge gives the relative score per question type and domain.
 *
 * <p>Writes {@code evaluation/answers.jsonl}, {@code evaluation/reviews.jsonl} (with a judge) and
 * {@code evaluation/tables.json}. Answers and reviews go through journals, so an interrupted stage
 * resumes without asking the models again.
 */
final class OpenChatStage implements StageAction {
  private final Function<Path, VisionChatModel> answerer;
  private final String answererId;
  private final VisionChatModel judge;
  private final String judgeId;
  private final JudgeStyle judgeStyle;
  private final double temperature;

  /**
   * Creates the stage.
   *
   * @param answerer opens the tuned model from the tuning stage's output folder
   * @param answererId recorded as each answer's {@code model_id}
   * @param judge the open-chat judge, or null for the model-free metrics only
   * @param judgeId the judge's name for the manifest (ignored without a judge)
   * @param judgeStyle the judge prompt style
   * @param temperature the answering temperature
   */
  OpenChatStage(Function<Path, VisionChatModel> answerer, String answererId,
      VisionChatModel judge, String judgeId, JudgeStyle judgeStyle, double temperature) {
    this.answerer = Objects.requireNonNull(answerer, "answerer == null");
    this.answererId = Objects.requireNonNull(answererId, "answererId == null");
    this.judge = judge;
    this.judgeId = judgeId == null ? "" : judgeId;
    this.judgeStyle = Objects.requireNonNull(judgeStyle, "judgeStyle == null");
    this.temperature = temperature;
  }

  @Override
  public StageResult run(StageContext ctx) {
    Path out = ctx.path("evaluation");
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new VitalIoException(out, "cannot create " + out + ": " + e.getMessage(), e);
    }
    List<ChatQuestion> questions = ChatQuestions.read(ctx.existing("heldout"));
    ImageRoot images = ImageRoot.of(ctx.existing("images"));
    VisionChatModel model = answerer.apply(ctx.existing("tuning"));
    ctx.progress(0, questions.size());
    List<ModelAnswer> answers = ChatAnswers.generate(questions, images, model, temperature,
        answererId, out.resolve("answers.jsonl"));
    ctx.progress(answers.size(), questions.size());

    List<EvaluationTable> tables = new ArrayList<>();
    tables.add(referenceMetrics(questions, answers));
    StageResult.Builder result = StageResult.builder()
        .count("questions", questions.size())
        .count("answers", answers.size())
        .detail("answer_model", answererId);
    if (judge != null) {
      ChatEvaluator evaluator = ChatEvaluator.builder()
          .judge(judge)
          .prompt(ChatJudgePrompt.of(judgeStyle))
          .imageRoot(images)
          .build();
      List<ChatReview> reviews = evaluator.run(questions, answers, out.resolve("reviews.jsonl"));
      ChatSummary summary = ChatSummary.compute(reviews, EvaluationMode.CORRECTED);
      tables.add(ReportTables.chat("Open visual chat: relative score (judge " + judgeId + ")",
          summary));
      result.count("reviews", reviews.size()).detail("judge", judgeId);
    }
    EvaluationTables.write(out.resolve(EvaluationTables.FILE_NAME), tables);
    return result.build();
  }

  /**
   * Token recall (LLaVA-Med's open-set metric), token F1 and BLEU-1 of the answers against the
   * reference answers, per domain and overall, as percentages.
   */
  static EvaluationTable referenceMetrics(List<ChatQuestion> questions, List<ModelAnswer> answers) {
    Map<ChatQuestion, ModelAnswer> byQuestion =
        AnswerFiles.match(questions, ChatQuestion::id, answers, "held-out questions", "answers");
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Domain d : Domain.EVALUATION_ORDER) {
      sums.put(d.label(), new double[4]);
    }
    sums.put("Overall", new double[4]);
    for (ChatQuestion q : questions) {
      String prediction = byQuestion.get(q).text();
      List<String> predTokens = TokenMetrics.tokens(prediction);
      List<String> refTokens = TokenMetrics.tokens(q.referenceAnswer());
      Overlap compat = TokenMetrics.overlapCompat(prediction, q.referenceAnswer());
      Overlap clipped = TokenMetrics.overlap(predTokens, refTokens);
      double bleu1 = refTokens.isEmpty() ? 0 : Bleu.singleReference(refTokens, predTokens, 1.0);
      double[] row = {1, compat.recall(), clipped.f1(), bleu1};
      add(sums.get("Overall"), row);
      q.domain().ifPresent(d -> add(sums.get(d.label()), row));
    }
    List<List<String>> rows = new ArrayList<>();
    sums.forEach((group, s) -> {
      if (s[0] > 0) {
        rows.add(List.of(group, Long.toString((long) s[0]), pct(s[1] / s[0]), pct(s[2] / s[0]),
            pct(s[3] / s[0])));
      }
    });
    return new EvaluationTable("Held-out answers vs reference answers (model-free metrics)",
        List.of("Group", "Questions", "Token recall %", "Token F1 %", "BLEU-1 %"), rows);
  }

  private static void add(double[] sum, double[] row) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += row[i];
    }
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f", 100 * v);
  }
}
