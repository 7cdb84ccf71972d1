package org.biomedvital.selection;

/** Receives a scorer's training progress. Methods are called on the training thread. */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** Called after each epoch with its metrics. */
  default void onEpoch(EpochMetrics metrics) {}
}
