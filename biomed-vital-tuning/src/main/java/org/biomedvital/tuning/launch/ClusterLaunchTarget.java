package org.biomedvital.tuning.launch;

import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;

/**
 * A target whose jobs outlive the process that submitted them (SLURM, Kubernetes): a job can be
 * found again from its {@link JobRecord}, asked for its {@link JobState}, followed and cancelled
 * from another process.
 */
public interface ClusterLaunchTarget extends LaunchTarget {
  /** The target's name as in {@link JobRecord#target()}. */
  String name();

  @Override
  ClusterJob launch(LaunchSpec spec);

  /**
   * The job a record names, to query, follow ({@code await}) or cancel; its log is followed from
   * the record's offset.
   *
   * @throws org.biomedvital.TuningFailedException when the cluster does not know the job
   */
  ClusterJob attach(JobRecord record);
}
