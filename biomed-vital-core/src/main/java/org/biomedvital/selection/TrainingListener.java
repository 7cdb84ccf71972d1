package org.biomedvital.selection;

import java.util.Objects;
import java.util.function.Consumer;

/** Receives a scorer's training progress. Methods are called on the training thread. */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** Called after each epoch with its metrics. */
  default void onEpoch(EpochMetrics metrics) {}

  /** A listener that hands each epoch's metrics to {@code consumer}. */
  static TrainingListener onEachEpoch(Consumer<EpochMetrics> consumer) {
    Objects.requireNonNull(consumer, "consumer == null");
    return new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics metrics) {
        consumer.accept(metrics);
      }
    };
  }
}
