package org.biomedvital.tuning;

/** Where a rendered training command runs: this machine, a SLURM cluster, Kubernetes. */
@FunctionalInterface
public interface LaunchTarget {

  /**
   * Starts the job and returns at once.
   *
   * @throws org.biomedvital.TuningFailedException when the job cannot be submitted
   */
  LaunchedJob launch(LaunchSpec spec);
}
