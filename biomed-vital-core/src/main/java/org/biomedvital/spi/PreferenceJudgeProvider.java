package org.biomedvital.spi;

import org.biomedvital.selection.PreferenceJudge;

/** Creates point-wise preference judges by name; register implementations in {@code META-INF/services}. */
public interface PreferenceJudgeProvider extends Provider<PreferenceJudge> {}
