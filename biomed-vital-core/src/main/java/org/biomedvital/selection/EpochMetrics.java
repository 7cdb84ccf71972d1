package org.biomedvital.selection;

import java.util.Map;

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
    // Insertion order kept (Map.copyOf's order changes from run to run): files written from
    // these metrics must be byte-identical across identical runs.
    Map.copyOf(metrics); // refuses null keys and values
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
