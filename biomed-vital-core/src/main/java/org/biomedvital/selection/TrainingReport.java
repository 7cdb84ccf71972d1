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
    finalMetrics = Map.copyOf(finalMetrics);
  }
}
