package org.biomedvital.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a judge review file (method.md 5.6): the question record plus {@code question},
 * {@code ans1} (the reference), {@code ans2} (the model's) and the judge's raw reply in {@code
 * gpt_eval} (or {@code result}), whose first line holds the two scores {@code "s1 s2"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReviewRecord extends NodeRecord {
  ReviewRecord(ObjectNode node) {
    super(node);
  }

  /**
   * A review: the question's fields, then {@code question}, {@code ans1}, {@code ans2} and
   * {@code gpt_eval}.
   */
  public static ReviewRecord of(QaQuestion q, String ans1, String ans2, String judgeText) {
    Objects.requireNonNull(q, "q == null");
    Objects.requireNonNull(ans1, "ans1 == null");
    Objects.requireNonNull(ans2, "ans2 == null");
    Objects.requireNonNull(judgeText, "judgeText == null");
    ObjectNode n = q.toNode();
    n.put("question", q.question());
    n.put("ans1", ans1);
    n.put("ans2", ans2);
    n.put("gpt_eval", judgeText);
    return new ReviewRecord(n);
  }

  /** The question id. */
  public long questionId() {
    return node.get("question_id").asLong();
  }

  /** The question ({@code question}, else {@code text} without the image token). */
  public String question() {
    return optionalText("question").orElseGet(() -> new QaQuestion(node).question());
  }

  /** The reference answer. */
  public String ans1() {
    return text("ans1");
  }

  /** The evaluated model's answer. */
  public String ans2() {
    return text("ans2");
  }

  /** The judge's raw reply ({@code gpt_eval}, else {@code result}). */
  public String judgeText() {
    return optionalText("gpt_eval").orElseGet(() -> text("result"));
  }

  /** The question type, if present. */
  public Optional<String> type() {
    return optionalText("type");
  }

  /**
   * The two scores of the judge reply's first line ({@code "8 6"} or {@code "8, 6"}), as LLaVA-Med's
   * summary parses them; empty when that line does not hold two numbers.
   */
  public Optional<double[]> scores() {
    String text = judgeText().strip();
    String firstLine = text.split("\n", 2)[0].replace(',', ' ').trim();
    String[] parts = firstLine.split("\\s+");
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new double[] {
        Double.parseDouble(parts[0].toLowerCase(Locale.ROOT)),
        Double.parseDouble(parts[1].toLowerCase(Locale.ROOT))
      });
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ReviewRecord{" + questionId() + "}";
  }

  static ReviewRecord map(JsonFields f, ReadContext ctx) {
    f.identify("question_id").requiredLong("question_id");
    f.optionalTexts("question", "text", "ans1", "ans2", "gpt_eval", "result");
    if (!f.has("gpt_eval") && !f.has("result")) {
      throw f.error("gpt_eval", "is required but missing (nor is there 'result'); a review needs "
          + "the judge's reply");
    }
    ReviewRecord r = new ReviewRecord(f.node());
    if (r.scores().isEmpty()) {
      f.warn(f.has("gpt_eval") ? "gpt_eval" : "result", "first line does not hold two scores "
          + "\"s1 s2\"; summaries will skip this review");
    }
    return r;
  }
}
