/** The generation seam: {@link org.biomedvital.generation.InstructionGenerator} and its request/result. */
package org.biomedvital.generation;
