package org.biomedvital.spi;

import org.biomedvital.tuning.LaunchTarget;

/** Creates launch targets (local, SLURM, Kubernetes) by name; register implementations in {@code META-INF/services}. */
public interface LaunchTargetProvider extends Provider<LaunchTarget> {}
