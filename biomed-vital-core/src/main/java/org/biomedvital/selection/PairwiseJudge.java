package org.biomedvital.selection;

import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;

/** Decides which of two candidates for the same figure is better. */
@FunctionalInterface
public interface PairwiseJudge {

  /**
   * Compares two candidates.
   *
   * @param image the figure's image, or null when unavailable
   */
  PairwiseVerdict compare(InstructionSample a, InstructionSample b, ImageRef image);
}
