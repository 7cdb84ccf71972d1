package org.biomedvital.pipeline;

import org.biomedvital.spi.Provider;

/**
 * Creates a {@link StageAction} by name, for the stages that have no dedicated seam in core (the
 * evaluation and the report) or to replace a built-in stage from a configuration file. Register
 * implementations in {@code META-INF/services/org.biomedvital.pipeline.StageActionProvider}; find
 * them with {@code Providers.find(StageActionProvider.class, name)}.
 */
public interface StageActionProvider extends Provider<StageAction> {}
