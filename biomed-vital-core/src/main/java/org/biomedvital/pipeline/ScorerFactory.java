package org.biomedvital.pipeline;

import org.biomedvital.model.Embedder;
import org.biomedvital.selection.TrainableScorer;

/** Creates a fresh, untrained scorer for the train stage (one per human weight in a sweep). */
@FunctionalInterface
public interface ScorerFactory {

  /**
   * Creates an untrained scorer that embeds candidates with {@code embedder}.
   *
   * @param embedder the pipeline's embedder, or null when none was configured
   */
  TrainableScorer create(Embedder embedder);
}
