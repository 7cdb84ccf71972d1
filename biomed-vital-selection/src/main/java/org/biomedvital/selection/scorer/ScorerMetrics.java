package org.biomedvital.selection.scorer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;

/**
 * The selection-model metrics of the paper, computed from scores. Metrics that a pair set cannot
 * give (no clinician pairs, no model pairs) are left out of the map.
 */
public final class ScorerMetrics {
  /** Fraction of model (judge) pairs the scorer orders as the judge did. */
  public static final String MODEL_PAIR_ACCURACY = "model_pair_accuracy";
  /** Fraction of clinician pairs with s(chosen) > s(rejected): the paper's alignment rate. */
  public static final String CLINICIAN_ALIGNMENT = "clinician_alignment";
  /** ROC-AUC separating clinician positives (chosen) from negatives (rejected). */
  public static final String ROC_AUC = "roc_auc";
  /**
   * Mean rank of clinician positives among all clinician positives and negatives, normalised to [0,
   * 1]: (rank - 1) / (n - 1) with rank 1 the top score; lower is better.
   */
  public static final String MEAN_RANK = "mean_rank";
  /** The weighted training loss on the validation pairs. */
  public static final String VALIDATION_LOSS = "validation_loss";
  /** The number of pairs the metrics were computed on. */
  public static final String PAIRS = "pairs";

  private ScorerMetrics() {}

  /** Computes every metric the pairs allow, with {@code score} giving each sample's score. */
  public static Map<String, Double> compute(
      List<PreferencePair> pairs, ToDoubleFunction<InstructionSample> score) {
    int modelPairs = 0;
    int modelRight = 0;
    int humanPairs = 0;
    int humanRight = 0;
    double[] pos = new double[pairs.size()];
    double[] neg = new double[pairs.size()];
    for (PreferencePair p : pairs) {
      double c = score.applyAsDouble(p.chosen());
      double r = score.applyAsDouble(p.rejected());
      if (p.source() == PreferenceSource.CLINICIAN) {
        pos[humanPairs] = c;
        neg[humanPairs] = r;
        humanPairs++;
        if (c > r) {
          humanRight++;
        }
      } else {
        modelPairs++;
        if (c > r) {
          modelRight++;
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(PAIRS, (double) pairs.size());
    if (modelPairs > 0) {
      m.put(MODEL_PAIR_ACCURACY, (double) modelRight / modelPairs);
    }
    if (humanPairs > 0) {
      m.put(CLINICIAN_ALIGNMENT, (double) humanRight / humanPairs);
      double[] p = Arrays.copyOf(pos, humanPairs);
      double[] n = Arrays.copyOf(neg, humanPairs);
      m.put(ROC_AUC, rocAuc(p, n));
      m.put(MEAN_RANK, meanRank(p, n));
    }
    return m;
  }

  /** P(positive > negative) + P(equal) / 2 over all positive/negative combinations (Mann-Whitney). */
  public static double rocAuc(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    double[] ranks = midRanks(positives, negatives, false);
    double sum = 0;
    for (int i = 0; i < positives.length; i++) {
      sum += ranks[i];
    }
    double np = positives.length;
    double nn = negatives.length;
    return (sum - np * (np + 1) / 2) / (np * nn);
  }

  /** The normalised mean rank of the positives (see {@link #MEAN_RANK}). */
  public static double meanRank(double[] positives, double[] negatives) {
    int n = positives.length + negatives.length;
    if (positives.length == 0 || n < 2) {
      return Double.NaN;
    }
    double[] ranks = midRanks(positives, negatives, true);
    double sum = 0;
    for (int i = 0; i < positives.length; i++) {
      sum += (ranks[i] - 1) / (n - 1);
    }
    return sum / positives.length;
  }

  /** Ranks (1-based, ties averaged) of positives then negatives in the pooled scores. */
  private static double[] midRanks(double[] positives, double[] negatives, boolean descending) {
    int n = positives.length + negatives.length;
    double[] all = new double[n];
    System.arraycopy(positives, 0, all, 0, positives.length);
    System.arraycopy(negatives, 0, all, positives.length, negatives.length);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> descending ? Double.compare(all[b], all[a]) : Double.compare(all[a], all[b]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = mid;
      }
      i = j + 1;
    }
    return ranks;
  }
}
