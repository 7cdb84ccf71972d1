package org.biomedvital.selection;

import java.util.List;
import java.util.Map;
import org.biomedvital.internal.Checks;

/**
 * What training produced: every epoch's metrics and the final ones (of the epoch kept, after early
 * stopping).
 */
public record TrainingReport(List<EpochMetrics> epochs, Map<String, Double> finalMetrics) {
  /** Copies. */
  public TrainingReport {
    epochs = List.copyOf(epochs);
    // Order kept (Map.copyOf's changes from run to run): files written from it are reproducible.
    finalMetrics = Checks.orderedCopy(finalMetrics);
  }
}
