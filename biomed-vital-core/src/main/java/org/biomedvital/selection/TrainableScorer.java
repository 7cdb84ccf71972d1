package org.biomedvital.selection;

import java.nio.file.Path;

/**
 * A scorer that learns from preference pairs, such as the clinician-aligned selection model. Owns
 * native resources: close it.
 */
public interface TrainableScorer extends SelectionScorer, AutoCloseable {

  /**
   * Trains on the dataset, reporting each epoch to the listener.
   *
   * @throws org.biomedvital.ScorerTrainingException when training cannot proceed (too few pairs,
   *     a diverging loss)
   */
  TrainingReport fit(PreferenceDataset dataset, TrainingListener listener);

  /** Saves the trained parameters and a model card into {@code dir}. */
  void save(Path dir);

  /** Releases native resources; never throws a checked exception. */
  @Override
  void close();
}
