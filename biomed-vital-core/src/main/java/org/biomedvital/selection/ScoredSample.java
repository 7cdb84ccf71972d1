package org.biomedvital.selection;

import java.util.Objects;
import org.biomedvital.data.InstructionSample;

/** A candidate with its score. */
public record ScoredSample(InstructionSample sample, double score) {
  /** Validates: the score must not be NaN. */
  public ScoredSample {
    Objects.requireNonNull(sample, "sample == null");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score of " + sample.id() + " is NaN");
    }
  }
}
