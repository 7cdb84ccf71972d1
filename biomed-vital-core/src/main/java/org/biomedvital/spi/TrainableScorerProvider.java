package org.biomedvital.spi;

import org.biomedvital.selection.TrainableScorer;

/**
 * Creates scorers that learn from preference pairs by name; register implementations in {@code
 * META-INF/services}. A trainable scorer is also a selection scorer, so an implementation may be
 * registered as a {@link SelectionScorerProvider} too, under the same name.
 */
public interface TrainableScorerProvider extends SelectionScorerProvider {

  /**
   * Creates an untrained scorer, or loads a trained one where the provider's settings say so.
   *
   * @throws IllegalArgumentException naming the missing or bad setting
   */
  @Override
  TrainableScorer create(ProviderSettings settings);
}
