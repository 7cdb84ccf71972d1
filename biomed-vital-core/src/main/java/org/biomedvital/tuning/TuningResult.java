package org.biomedvital.tuning;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * How a tuning run ended.
 *
 * @param status the final status
 * @param outputDir where its checkpoints are
 * @param metrics final metrics by name (e.g. {@code train_loss})
 */
public record TuningResult(TuningStatus status, Path outputDir, Map<String, Double> metrics) {
  /** Validates and copies. */
  public TuningResult {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(outputDir, "outputDir == null");
    // Order kept (Map.copyOf's changes from run to run): files written from it are reproducible.
    metrics = Checks.orderedCopy(metrics);
  }
}
