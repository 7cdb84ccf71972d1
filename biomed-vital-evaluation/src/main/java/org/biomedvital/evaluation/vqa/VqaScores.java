package org.biomedvital.evaluation.vqa;

import java.util.Objects;
import org.biomedvital.evaluation.EvaluationMode;

/**
 * VQA scores of one answer file in one {@link EvaluationMode}. Rates are fractions in [0, 1];
 * {@link Double#NaN} where there was nothing to average (no open or no closed question), or where a
 * figure does not exist in this mode.
 *
 * @param mode the rules used
 * @param closedAccuracy closed-set accuracy: compat, LLaVA-Med {@code run_eval.py} (see {@link
 *     VqaEvaluator}); corrected, the first yes/no token equals the ground truth
 * @param closedAccuracyBatch compat only: the plain substring rule of {@code run_eval_batch.py}
 * @param openRecall open-set token recall, the mean over open questions
 * @param openAccuracy open questions whose ground truth occurs in the prediction (compat: as a
 *     substring; corrected: as whole tokens)
 * @param exactMatch compat: LLaVA-Med's "exact match" (distinct ground-truth words found over
 *     prediction tokens); corrected: prediction tokens equal ground-truth tokens
 * @param f1 token F1, mean over open questions
 * @param precision token precision, mean over open questions
 * @param bleu sentence BLEU with the default 1- to 4-gram weights, mean over open questions
 * @param bleu1 BLEU with weights (1, 0, 0, 0)
 * @param bleu2 BLEU with weights (0, 1, 0, 0)
 * @param bleu3 BLEU with weights (0, 0, 1, 0)
 * @param openCount open questions
 * @param closedCount closed questions
 * @param closedScored closed questions in the denominator of {@code closedAccuracy} (compat drops
 *     some; see {@link VqaEvaluator})
 * @param ignoredCount questions of another answer type, not scored
 */
public record VqaScores(
    EvaluationMode mode,
    double closedAccuracy,
    double closedAccuracyBatch,
    double openRecall,
    double openAccuracy,
    double exactMatch,
    double f1,
    double precision,
    double bleu,
    double bleu1,
    double bleu2,
    double bleu3,
    int openCount,
    int closedCount,
    int closedScored,
    int ignoredCount) {
  /** Validates. */
  public VqaScores {
    Objects.requireNonNull(mode, "mode == null");
  }
}
