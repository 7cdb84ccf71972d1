package org.biomedvital.tuning;

/** A job a {@link LaunchTarget} started: a local process, a SLURM job, a Kubernetes PyTorchJob. */
public interface LaunchedJob {
  /** The target's id for the job (process id, SLURM job id, resource name). */
  String id();

  /** The current status, asking the target. */
  TuningStatus status();

  /**
   * Blocks until the job ends, streaming log lines and progress to the listener.
   *
   * @throws org.biomedvital.TuningFailedException when it fails
   */
  TuningResult await(TuningListener listener);

  /** Asks the target to stop the job. */
  void cancel();
}
