package org.biomedvital.pipeline;

import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.TuningJob;

/** Renders a tuning job into the exact command a {@link org.biomedvital.tuning.LaunchTarget} runs. */
@FunctionalInterface
public interface LaunchPlanner {

  /** The launch for {@code job}. @throws IllegalArgumentException when the job cannot be planned */
  LaunchSpec plan(TuningJob job);
}
