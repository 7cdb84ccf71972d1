package org.biomedvital.tuning.launch;

import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningStatus;

/** A job on a {@link ClusterLaunchTarget}: it has a record to find it again and a full state. */
public interface ClusterJob extends LaunchedJob {
  /** What {@link ClusterLaunchTarget#attach} needs to find this job again. */
  JobRecord record();

  /** The job's state, asking the cluster. */
  JobState state();

  /** The record's id. */
  @Override
  default String id() {
    return record().id();
  }

  /** The status of {@link #state()}. */
  @Override
  default TuningStatus status() {
    return state().status();
  }
}
