package org.biomedvital.spi;

import org.biomedvital.tuning.TuningRunner;

/** Creates tuning runners by name; register implementations in {@code META-INF/services}. */
public interface TuningRunnerProvider extends Provider<TuningRunner> {}
