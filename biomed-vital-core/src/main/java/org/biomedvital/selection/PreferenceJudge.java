package org.biomedvital.selection;

import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;

/**
 * Rates one candidate under a rubric (the paper's policy-guided model preference). The rubric id goes
 * into every rating.
 *
 * <p>Implementations are safe for concurrent use.
 */
@FunctionalInterface
public interface PreferenceJudge {

  /**
   * Rates a sample.
   *
   * @param sample the candidate
   * @param image the figure's image, or null when unavailable or the judge is text-only
   * @throws org.biomedvital.UnparseableReplyException when a model judge's reply has no score (the
   *     caller records it as a failure; never a default score)
   */
  Rating rate(InstructionSample sample, ImageRef image);
}
