package org.biomedvital.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.vqa.VqaEvaluator;
import org.biomedvital.evaluation.vqa.VqaQuestion;
import org.biomedvital.evaluation.vqa.VqaScores;

/**
 * VQA metric throughput: scores 100,000 synthetic predictions (seeded) in compat and corrected
 * mode and prints predictions per second.
 *
 * <p>Usage: {@code EvaluationBenchmark [n] [--write DIR]}. With {@code --write}, the generated test
 * set and answers are also written as {@code DIR/test.json} and {@code DIR/answers.jsonl}, so the
 * published Python scripts can be timed on the very same data (the reference figure).
 */
public final class EvaluationBenchmark {
  private static final String[] WORDS = {"yes", "no", "normal", "not", "the", "a", "left",
      "right", "lung", "lungs", "liver", "chest", "x-ray", "ct", "mri", "none", "one", "two", "3.5",
      "1,000", "dont", "nodule", "yes,", "no.", "(left)", "[right]", "effusion;", "fluid/air",
      "T2-weighted", "axial", "Yes.", "No,", "kidney", "mass", "lesion's", "cm:", "x", "y", "z"};

  private EvaluationBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
    Path write = null;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--write")) {
        write = Path.of(args[i + 1]);
      }
    }
    Random random = new Random(42);
    List<VqaQuestion> questions = new ArrayList<>(n);
    List<ModelAnswer> answers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean open = random.nextBoolean();
      String gt = open ? words(random, 1 + random.nextInt(4))
          : new String[] {"yes", "no", "left", "axial"}[random.nextInt(4)];
      String pred = words(random, random.nextInt(12));
      if (random.nextInt(10) < 3) {
        pred = gt + " " + pred;
      }
      questions.add(new VqaQuestion(Integer.toString(i), "q", gt, open ? "OPEN" : "CLOSED"));
      answers.add(ModelAnswer.of(Integer.toString(i), pred));
    }
    if (write != null) {
      write(write, questions, answers);
    }
    for (int warm = 0; warm < 3; warm++) {
      VqaEvaluator.evaluate(questions.subList(0, Math.min(n, 20_000)),
          answers.subList(0, Math.min(n, 20_000)), EvaluationMode.COMPAT);
    }
    System.out.printf(Locale.ROOT, "%-34s %12s %14s%n", "what", "seconds", "predictions/s");
    for (EvaluationMode mode : EvaluationMode.values()) {
      long t0 = System.nanoTime();
      VqaScores s = VqaEvaluator.evaluate(questions, answers, mode);
      double sec = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "%-34s %12.3f %14.0f   (closed %.2f%%, open recall %.2f%%)%n",
          "VQA metrics, " + mode.name().toLowerCase(Locale.ROOT) + ", " + n + " predictions",
          sec, n / sec, s.closedAccuracy() * 100, s.openRecall() * 100);
    }
    System.out.println("reference: time LLaVA-Med's run_eval.py logic on the files of --write;"
        + " target: 100,000 predictions in under 5 s per mode on one core");
  }

  private static String words(Random random, int k) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < k; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  private static void write(Path dir, List<VqaQuestion> questions, List<ModelAnswer> answers)
      throws IOException {
    Files.createDirectories(dir);
    JsonFactory f = new JsonFactory();
    try (Writer w = Files.newBufferedWriter(dir.resolve("test.json"), StandardCharsets.UTF_8);
        JsonGenerator g = f.createGenerator(w)) {
      g.writeStartArray();
      for (VqaQuestion q : questions) {
        g.writeStartObject();
        g.writeNumberField("id", Integer.parseInt(q.id()));
        g.writeArrayFieldStart("conversations");
        g.writeStartObject();
        g.writeStringField("from", "human");
        g.writeStringField("value", q.question());
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("from", "gpt");
        g.writeStringField("value", q.answer());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("answer_type", q.answerType());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("answers.jsonl"), StandardCharsets.UTF_8)) {
      for (ModelAnswer a : answers) {
        try (JsonGenerator g = f.createGenerator(w)) {
          g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          g.writeStartObject();
          g.writeNumberField("question_id", Integer.parseInt(a.questionId()));
          g.writeStringField("text", a.text());
          g.writeEndObject();
        }
        w.write('\n');
      }
    }
  }
}
