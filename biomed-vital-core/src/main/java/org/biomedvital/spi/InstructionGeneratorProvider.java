package org.biomedvital.spi;

import org.biomedvital.generation.InstructionGenerator;

/** Creates instruction generators by name; register implementations in {@code META-INF/services}. */
public interface InstructionGeneratorProvider extends Provider<InstructionGenerator> {}
