package org.biomedvital.selection;

import java.util.List;
import java.util.Map;

/**
 * What training produced: every epoch's metrics and the final ones (of the epoch kept, after early
 * stopping).
 */
public record TrainingReport(List<EpochMetrics> epochs, Map<String, Double> finalMetrics) {
  /** Copies. */
  public TrainingReport {
    epochs = List.copyOf(epochs);
    // Insertion order kept (Map.copyOf's order changes from run to run): files written from
    // these metrics must be byte-identical across identical runs.
    Map.copyOf(finalMetrics); // refuses null keys and values
    finalMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalMetrics));
  }
}
