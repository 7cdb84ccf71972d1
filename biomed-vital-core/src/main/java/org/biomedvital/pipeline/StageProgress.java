package org.biomedvital.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A stage's progress: how many work items are done out of how many, what failed, what it cost.
 *
 * @param stage the stage name
 * @param done the items finished (including failed ones)
 * @param total the items planned, or 0 when unknown
 * @param failed the items that failed
 * @param spendUsd the spend so far, in US dollars
 * @param elapsed the time since the stage started
 */
public record StageProgress(
    String stage, long done, long total, long failed, double spendUsd, Duration elapsed) {
  /** Validates. */
  public StageProgress {
    Objects.requireNonNull(stage, "stage == null");
    Objects.requireNonNull(elapsed, "elapsed == null");
  }

  /** Items per second so far; empty before anything is done. */
  public OptionalDouble rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return done > 0 && seconds > 0 ? OptionalDouble.of(done / seconds) : OptionalDouble.empty();
  }

  /** The estimated time left at the current rate; empty when unknown. */
  public java.util.Optional<Duration> eta() {
    OptionalDouble r = rate();
    if (total <= 0 || r.isEmpty() || done > total) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofMillis(Math.round((total - done) / r.getAsDouble() * 1000)));
  }
}
