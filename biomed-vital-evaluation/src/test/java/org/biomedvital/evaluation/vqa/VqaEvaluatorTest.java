package org.biomedvital.evaluation.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.junit.jupiter.api.Test;

final class VqaEvaluatorTest {
  private static final double EPS = 1e-12;

  private final List<VqaQuestion> questions = new ArrayList<>();
  private final List<ModelAnswer> answers = new ArrayList<>();

  private void add(String id, String type, String gt, String prediction) {
    questions.add(new VqaQuestion(id, "q" + id, gt, type));
    answers.add(ModelAnswer.of(id, prediction));
  }

  private void addSet() {
    add("1", "CLOSED", "no", "The image looks normal.");
    add("2", "CLOSED", "yes", "No, there is no effusion.");
    add("3", "CLOSED", "yes", "There is an effusion present.");
    add("4", "CLOSED", "Yes", "Yes.");
    add("5", "CLOSED", "left", "The lesion is on the left side");
    add("6", "OPEN", "Chest X-ray", "This is a chest x-ray image of the lungs.");
    add("7", "OPEN", "liver", "liver liver kidney");
    add("8", "OPEN", "lung", "Lungs");
    add("9", "yes/no", "yes", "yes");
  }

  @Test
  void compatReproducesRunEvalIncludingItsQuirks() {
    addSet();

    VqaScores s = VqaEvaluator.evaluate(questions, answers, EvaluationMode.COMPAT);

    // closed, run_eval.py: q1 hits because "no" is inside "normal"; q2 holds "no" but misses and
    // is dropped from the denominator; q3 and q5 hold neither yes nor no and score 0; q4 hits.
    assertThat(s.closedAccuracy()).isCloseTo(2.0 / 4, within(EPS));
    assertThat(s.closedScored()).isEqualTo(4);
    // closed, run_eval_batch.py: ground truth as a substring: q1, q4, q5.
    assertThat(s.closedAccuracyBatch()).isCloseTo(3.0 / 5, within(EPS));
    assertThat(s.closedCount()).isEqualTo(5);
    // open: q6 recall 1, precision 3/8; q7 tp counts both "liver"s: p 2/3, r 1, f1 0.8; q8 0.
    assertThat(s.openCount()).isEqualTo(3);
    assertThat(s.openRecall()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(s.precision()).isCloseTo((3.0 / 8 + 2.0 / 3) / 3, within(EPS));
    assertThat(s.f1()).isCloseTo((6.0 / 11 + 0.8) / 3, within(EPS));
    assertThat(s.exactMatch()).isCloseTo((3.0 / 8 + 1.0 / 3) / 3, within(EPS));
    // "lung" is a substring of "lungs"
    assertThat(s.openAccuracy()).isCloseTo(1.0, within(EPS));
    assertThat(s.bleu1()).isCloseTo((3.0 / 8 + 1.0 / 3) / 3, within(EPS));
    assertThat(s.bleu2()).isCloseTo((2.0 / 7) / 3, within(EPS));
    assertThat(s.bleu3()).isCloseTo((1.0 / 6) / 3, within(EPS));
    assertThat(s.bleu()).isCloseTo((4.4646672960328985e-78 + 1.384292958842266e-231) / 3, within(1e-90));
    assertThat(s.ignoredCount()).isEqualTo(1);
  }

  @Test
  void correctedUsesTheFirstYesNoTokenAndClippedOverlap() {
    addSet();

    VqaScores s = VqaEvaluator.evaluate(questions, answers, EvaluationMode.CORRECTED);

    // q1 "normal" is no longer "no"; q2 first yes/no is "no"; q3 none; q4 hit; q5 "left" as a token.
    assertThat(s.closedAccuracy()).isCloseTo(2.0 / 5, within(EPS));
    assertThat(s.closedScored()).isEqualTo(5);
    assertThat(s.closedAccuracyBatch()).isNaN();
    assertThat(s.openRecall()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(s.precision()).isCloseTo((3.0 / 8 + 1.0 / 3) / 3, within(EPS));
    assertThat(s.f1()).isCloseTo((6.0 / 11 + 0.5) / 3, within(EPS));
    assertThat(s.exactMatch()).isZero();
    assertThat(s.openAccuracy()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(s.bleu1()).isCloseTo((3.0 / 8 + 1.0 / 3) / 3, within(EPS));
    assertThat(s.ignoredCount()).isEqualTo(1);
  }

  @Test
  void correctedExactMatchNeedsEqualTokens() {
    add("1", "OPEN", "Right lower lobe", "right lower lobe.");
    add("2", "open", "liver", "The liver");

    VqaScores s = VqaEvaluator.evaluate(questions, answers, EvaluationMode.CORRECTED);

    assertThat(s.exactMatch()).isEqualTo(1.0);
    assertThat(s.openCount()).isEqualTo(2);
  }

  @Test
  void compatOnlyScoresExactlySpelledAnswerTypes() {
    add("1", "open", "liver", "liver");
    add("2", "CLOSE", "yes", "yes");

    VqaScores s = VqaEvaluator.evaluate(questions, answers, EvaluationMode.COMPAT);

    assertThat(s.ignoredCount()).isEqualTo(2);
    assertThat(s.openRecall()).isNaN();
    assertThat(s.closedAccuracy()).isNaN();
  }

  @Test
  void correctedCountsCloseAsClosed() {
    add("1", "CLOSE", "yes", "yes, it is");

    VqaScores s = VqaEvaluator.evaluate(questions, answers, EvaluationMode.CORRECTED);

    assertThat(s.closedCount()).isEqualTo(1);
    assertThat(s.closedAccuracy()).isEqualTo(1.0);
  }

  @Test
  void predictionsAreMatchedByIdNotPosition() {
    add("1", "CLOSED", "yes", "yes");
    add("2", "CLOSED", "no", "no");
    List<ModelAnswer> reversed = List.of(answers.get(1), answers.get(0));

    VqaScores s = VqaEvaluator.evaluate(questions, reversed, EvaluationMode.CORRECTED);

    assertThat(s.closedAccuracy()).isEqualTo(1.0);
  }

  @Test
  void missingAndExtraIdsAreListed() {
    add("1", "CLOSED", "yes", "yes");
    add("2", "CLOSED", "no", "no");
    add("10", "CLOSED", "no", "no");
    List<ModelAnswer> preds = List.of(answers.get(0), ModelAnswer.of("7", "no"));

    assertThatThrownBy(() -> VqaEvaluator.evaluate(
        questions, preds, EvaluationMode.COMPAT, "test.json", "answers.jsonl"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("answers.jsonl does not match test.json by question id: 2 question(s) have no"
            + " answer (2, 10); 1 answer(s) have no question (7); answer every question exactly"
            + " once, or pass the question file the answers were made for");
  }
}
