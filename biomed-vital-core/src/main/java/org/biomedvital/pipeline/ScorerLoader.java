package org.biomedvital.pipeline;

import java.nio.file.Path;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.SelectionScorer;

/**
 * Loads a scorer that {@link org.biomedvital.selection.TrainableScorer#save} wrote, so that a run
 * resumed after the train stage can score without training again.
 */
@FunctionalInterface
public interface ScorerLoader {

  /**
   * Loads the scorer saved in {@code modelDir}.
   *
   * @param embedder the pipeline's embedder, or null when none was configured
   * @throws org.biomedvital.InvalidDataException when the folder holds no readable scorer
   */
  SelectionScorer load(Path modelDir, Embedder embedder);
}
