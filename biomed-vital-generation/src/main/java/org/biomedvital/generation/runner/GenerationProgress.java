package org.biomedvital.generation.runner;

import java.time.Duration;
import java.util.Optional;

/**
 * A generation run's progress.
 *
 * @param total candidates this run is responsible for (figures in the shard times N)
 * @param done candidates written, including those found already written
 * @param skipped candidates found already written when the run started
 * @param failed candidates that failed in this run
 * @param inFlight candidates being generated now
 * @param spendUsd the cost of this run's calls so far
 * @param elapsed time since the run started
 * @param etaSeconds the estimated seconds to finish, or -1 when unknown
 */
public record GenerationProgress(
    long total, long done, long skipped, long failed, int inFlight, double spendUsd,
    Duration elapsed, long etaSeconds) {

  /** The estimated time to finish, when known. */
  public Optional<Duration> eta() {
    return etaSeconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(etaSeconds));
  }
}
