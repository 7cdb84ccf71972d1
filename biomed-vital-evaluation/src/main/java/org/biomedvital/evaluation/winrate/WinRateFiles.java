package org.biomedvital.evaluation.winrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.Experimental;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.format.RecordFields;
import org.biomedvital.internal.Json;

/** Reads win-rate question files and reads and writes judgement files. */
@Experimental("the evaluation file codecs may move into core's format package")
public final class WinRateFiles {
  private WinRateFiles() {}

  /**
   * Reads questions in the QA50 shape: {@code question_id}, {@code text} (its {@code <image>}
   * token removed), {@code gpt4_answer} (the reference; {@code ground_truth} also accepted),
   * optional {@code image} and {@code answer_type}.
   *
   * @throws org.biomedvital.InvalidDataException naming file:line and field
   */
  public static List<WinRateQuestion> readQuestions(Path file) {
    return RecordFields.readKeyed(file, "question_id", "", (f, id) -> {
      String reference = f.get("gpt4_answer").isPresent() || f.get("ground_truth").isEmpty()
          ? f.text("gpt4_answer") : f.text("ground_truth");
      String text = f.text("text").replace("<image>", "").strip();
      return new WinRateQuestion(id, f.text("image", ""), text, reference,
          f.text("answer_type", ""));
    });
  }

  /** One judgement as a compact JSON line keyed by {@code question_id}. */
  public static String toJsonLine(WinRateQuestion q, String answerA, String answerB,
      PairJudgement j, String judgeName) {
    ObjectNode n = Json.mapper().createObjectNode();
    AnswerFiles.putId(n, "question_id", q.id());
    n.put("image", q.image());
    n.put("question", q.question());
    n.put("ground_truth", q.referenceAnswer());
    n.put("answer_type", q.answerType());
    n.put("ans1", answerA);
    n.put("ans2", answerB);
    n.put("result", j.forward());
    j.backward().ifPresent(b -> n.put("result_swapped", b));
    Outcome o = j.outcome();
    n.put("outcome", o.name().toLowerCase(java.util.Locale.ROOT));
    n.put("judge_model", judgeName);
    return n.toString();
  }

  /**
   * Reads a judgement file (ours, or the official script's output, which has {@code result}).
   *
   * @throws org.biomedvital.InvalidDataException naming file:line and field
   */
  public static List<PairJudgement> readJudgements(Path file) {
    List<PairJudgement> out = new ArrayList<>();
    for (RecordFields f : RecordFields.read(file)) {
      out.add(new PairJudgement(f.id("question_id"), f.text("result"),
          f.optionalText("result_swapped")));
    }
    return out;
  }
}
