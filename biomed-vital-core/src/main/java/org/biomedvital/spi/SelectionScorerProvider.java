package org.biomedvital.spi;

import org.biomedvital.selection.SelectionScorer;

/** Creates selection scorers by name; register implementations in {@code META-INF/services}. */
public interface SelectionScorerProvider extends Provider<SelectionScorer> {}
