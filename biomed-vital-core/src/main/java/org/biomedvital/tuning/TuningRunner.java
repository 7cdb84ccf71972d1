package org.biomedvital.tuning;

/**
 * Runs a tuning job to its end: the in-JVM runner, or a launcher of external training code.
 */
@FunctionalInterface
public interface TuningRunner {

  /**
   * Runs the job, blocking until it ends.
   *
   * @throws org.biomedvital.TuningFailedException when the run fails (exit code and log tail)
   */
  TuningResult run(TuningJob job, TuningListener listener);
}
