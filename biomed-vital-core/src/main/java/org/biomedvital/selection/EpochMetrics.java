package org.biomedvital.selection;

import java.util.Map;
import org.biomedvital.internal.Checks;

/**
 * Metrics after one training epoch.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the mean weighted training loss
 * @param metrics named validation metrics, e.g. {@code model_pair_accuracy},
 *     {@code clinician_alignment}, {@code roc_auc}, {@code mean_rank}
 */
public record EpochMetrics(int epoch, double trainLoss, Map<String, Double> metrics) {
  /** Copies. */
  public EpochMetrics {
    // Order kept (Map.copyOf's changes from run to run): files written from it are reproducible.
    metrics = Checks.orderedCopy(metrics);
  }
}
