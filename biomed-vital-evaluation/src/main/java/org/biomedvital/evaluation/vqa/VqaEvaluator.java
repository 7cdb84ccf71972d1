package org.biomedvital.evaluation.vqa;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.internal.PyText;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.text.Bleu;
import org.biomedvital.evaluation.text.Overlap;
import org.biomedvital.evaluation.text.TokenMetrics;
import org.biomedvital.evaluation.text.VqaNormalizer;

/**
 * Scores VQA predictions (VQA-RAD, SLAKE, PathVQA in the LLaVA-Med format) against the ground
 * truth, in {@link EvaluationMode#COMPAT compat} or {@link EvaluationMode#CORRECTED corrected}
 * mode.
 *
 * <p>Predictions are matched to questions by id (not by position, as the scripts do); a missing or
 * extra id is an error that lists them.
 *
 * <h2>Compat (LLaVA-Med {@code run_eval.py} / {@code run_eval_batch.py})</h2>
 *
 * Ground truth and prediction are lower-cased and {@link VqaNormalizer normalised}. Only the answer
 * types spelled exactly {@code OPEN} and {@code CLOSED} are scored.
 *
 * <ul>
 *   <li>Closed accuracy ({@code run_eval.py}): a prediction that contains neither "yes" nor "no"
 *       as a substring scores 0; one that does scores 1 when the ground truth is a substring of it,
 *       and <em>is left out of the average otherwise</em> (the script appends nothing), which
 *       inflates the figure. "no" matches inside "normal", "not", "nodule"...
 *   <li>Closed accuracy, batch ({@code run_eval_batch.py}): 1 when the ground truth is a substring
 *       of the prediction, else 0, so "no" is found in "normal" here too.
 *   <li>Open recall, precision, F1 and "exact match": {@link TokenMetrics#overlapCompat} and
 *       {@link TokenMetrics#exactMatchCompat}; open accuracy: ground truth as a substring.
 * </ul>
 *
 * <h2>Corrected</h2>
 *
 * Text is {@link TokenMetrics#tokens tokenised} after the same normalisation. Answer types are
 * matched ignoring case, and {@code CLOSE} counts as closed.
 *
 * <ul>
 *   <li>Closed: when the ground truth is "yes" or "no", the prediction's first "yes" or "no" token
 *       must equal it (no yes/no token is a miss); for other closed answers ("left", "axial") the
 *       ground-truth tokens must occur as whole tokens. Every closed question is in the average.
 *   <li>Open: clipped token overlap ({@link TokenMetrics#overlap}); exact match means equal tokens;
 *       open accuracy means the ground truth occurs as whole tokens.
 * </ul>
 *
 * <p>BLEU is the same in both modes: NLTK semantics ({@link Bleu}) over the normalised text split
 * on whitespace.
 */
public final class VqaEvaluator {
  private static final double[] W1 = {1, 0, 0, 0};
  private static final double[] W2 = {0, 1, 0, 0};
  private static final double[] W3 = {0, 0, 1, 0};

  private VqaEvaluator() {}

  /**
   * Scores predictions against questions.
   *
   * @throws InvalidDataException when a question has no prediction or a prediction no question
   */
  public static VqaScores evaluate(
      List<VqaQuestion> questions, List<ModelAnswer> predictions, EvaluationMode mode) {
    return evaluate(questions, predictions, mode, "questions", "predictions");
  }

  /**
   * Scores predictions, naming the two inputs (file names) in error messages.
   *
   * @throws InvalidDataException when a question has no prediction or a prediction no question
   */
  public static VqaScores evaluate(List<VqaQuestion> questions, List<ModelAnswer> predictions,
      EvaluationMode mode, String questionsName, String predictionsName) {
    Objects.requireNonNull(mode, "mode == null");
    Map<VqaQuestion, ModelAnswer> matched = AnswerFiles.match(
        questions, VqaQuestion::id, predictions, questionsName, predictionsName);
    Acc acc = new Acc();
    for (Map.Entry<VqaQuestion, ModelAnswer> e : matched.entrySet()) {
      if (mode == EvaluationMode.COMPAT) {
        scoreCompat(e.getKey(), e.getValue().text(), acc);
      } else {
        scoreCorrected(e.getKey(), e.getValue().text(), acc);
      }
    }
    return acc.scores(mode);
  }

  private static void scoreCompat(VqaQuestion q, String prediction, Acc acc) {
    String gt = VqaNormalizer.normalize(PyText.lower(q.answer()));
    String pred = VqaNormalizer.normalize(PyText.lower(prediction));
    if (q.answerType().equals("OPEN")) {
      acc.open++;
      acc.openHit += pred.contains(gt) ? 1 : 0;
      acc.exact += TokenMetrics.exactMatchCompat(pred, gt);
      acc.addOverlap(TokenMetrics.overlapCompat(pred, gt));
      acc.addBleu(PyText.split(PyText.lower(gt)), PyText.split(PyText.lower(pred)));
    } else if (q.answerType().equals("CLOSED")) {
      acc.closed++;
      boolean hit = pred.contains(gt);
      acc.closedBatchHit += hit ? 1 : 0;
      if (pred.contains("yes") || pred.contains("no")) {
        if (hit) {
          acc.closedHit++;
          acc.closedScored++;
        }
      } else {
        acc.closedScored++;
      }
    } else {
      acc.ignored++;
    }
  }

  private static void scoreCorrected(VqaQuestion q, String prediction, Acc acc) {
    String type = q.answerType().trim();
    List<String> gt = TokenMetrics.tokens(q.answer());
    List<String> pred = TokenMetrics.tokens(prediction);
    if (type.equalsIgnoreCase("OPEN")) {
      acc.open++;
      acc.openHit += TokenMetrics.containsTokens(pred, gt) ? 1 : 0;
      acc.exact += pred.equals(gt) ? 1 : 0;
      acc.addOverlap(TokenMetrics.overlap(pred, gt));
      String gtNorm = VqaNormalizer.normalize(PyText.lower(q.answer()));
      String predNorm = VqaNormalizer.normalize(PyText.lower(prediction));
      acc.addBleu(PyText.split(PyText.lower(gtNorm)), PyText.split(PyText.lower(predNorm)));
    } else if (type.equalsIgnoreCase("CLOSED") || type.equalsIgnoreCase("CLOSE")) {
      acc.closed++;
      acc.closedScored++;
      acc.closedHit += closedHit(pred, gt) ? 1 : 0;
    } else {
      acc.ignored++;
    }
  }

  /** The corrected closed-set rule; see the class documentation. */
  static boolean closedHit(List<String> prediction, List<String> groundTruth) {
    if (groundTruth.size() == 1 && isYesNo(groundTruth.get(0))) {
      for (String t : prediction) {
        if (isYesNo(t)) {
          return t.equals(groundTruth.get(0));
        }
      }
      return false;
    }
    return TokenMetrics.containsTokens(prediction, groundTruth);
  }

  private static boolean isYesNo(String t) {
    return t.equals("yes") || t.equals("no");
  }

  private static final class Acc {
    int open;
    int closed;
    int closedScored;
    int ignored;
    double closedHit;
    double closedBatchHit;
    double openHit;
    double exact;
    double recall;
    double precision;
    double f1;
    double bleu;
    double bleu1;
    double bleu2;
    double bleu3;

    void addOverlap(Overlap o) {
      recall += o.recall();
      precision += o.precision();
      f1 += o.f1();
    }

    void addBleu(List<String> reference, List<String> hypothesis) {
      bleu += Bleu.singleReference(reference, hypothesis, Bleu.DEFAULT_WEIGHTS);
      bleu1 += Bleu.singleReference(reference, hypothesis, W1);
      bleu2 += Bleu.singleReference(reference, hypothesis, W2);
      bleu3 += Bleu.singleReference(reference, hypothesis, W3);
    }

    VqaScores scores(EvaluationMode mode) {
      return new VqaScores(mode,
          mean(closedHit, closedScored),
          mode == EvaluationMode.COMPAT ? mean(closedBatchHit, closed) : Double.NaN,
          mean(recall, open), mean(openHit, open), mean(exact, open), mean(f1, open),
          mean(precision, open), mean(bleu, open), mean(bleu1, open), mean(bleu2, open),
          mean(bleu3, open), open, closed, closedScored, ignored);
    }

    private static double mean(double sum, int n) {
      return n == 0 ? Double.NaN : sum / n;
    }
  }
}
