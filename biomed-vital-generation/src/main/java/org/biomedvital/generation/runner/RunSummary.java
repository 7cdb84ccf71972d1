package org.biomedvital.generation.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.biomedvital.failure.FailureTally;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.internal.JournalFailures;

/**
 * What a generation run did.
 *
 * @param figures figures in this run's shard (after the limit)
 * @param written candidates written by this run
 * @param skipped candidates already in the journal (not generated again)
 * @param failed candidates that failed in this run (see failures.jsonl)
 * @param usage the model usage of this run
 * @param elapsed the wall time
 * @param stoppedEarly why the run stopped before trying every candidate (budget, credentials), or
 *     null when it tried them all
 * @param candidatesFile the candidates journal
 * @param failuresFile the failures file
 */
public record RunSummary(
    int figures, long written, long skipped, long failed, Usage usage, Duration elapsed,
    String stoppedEarly, Path candidatesFile, Path failuresFile) {

  /**
   * The failures still open after this run, counted by reason: the latest failure of each candidate
   * that is still not in the candidates file. A failure resolved by a later success is left out.
   */
  public FailureTally remainingFailures() {
    return JournalFailures.remaining(candidatesFile, failuresFile);
  }

  /** Why the run stopped early, if it did. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stoppedEarly);
  }
}
