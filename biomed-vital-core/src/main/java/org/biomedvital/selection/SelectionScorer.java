package org.biomedvital.selection;

import java.util.List;
import org.biomedvital.data.InstructionSample;

/**
 * Scores a candidate: higher is better. Scores are comparable within one scorer only.
 *
 * <p>Implementations are safe for concurrent use.
 */
@FunctionalInterface
public interface SelectionScorer {

  /** Scores one candidate. */
  double score(InstructionSample sample);

  /** Scores many candidates, in order; implementations batch where they can. */
  default double[] scoreAll(List<InstructionSample> samples) {
    double[] out = new double[samples.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(samples.get(i));
    }
    return out;
  }
}
