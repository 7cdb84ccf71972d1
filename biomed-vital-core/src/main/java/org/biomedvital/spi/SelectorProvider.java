package org.biomedvital.spi;

import org.biomedvital.selection.Selector;

/** Creates selectors by name; register implementations in {@code META-INF/services}. */
public interface SelectorProvider extends Provider<Selector> {}
