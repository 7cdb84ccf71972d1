package org.biomedvital.tuning;

import java.nio.file.Path;

/** Receives a tuning run's events. Calls may come from a monitoring thread. */
public interface TuningListener {
  /** A listener that ignores everything. */
  TuningListener NONE = new TuningListener() {};

  /** The run started. */
  default void onStart(TuningJob job) {}

  /** A progress report. */
  default void onProgress(TuningProgress progress) {}

  /** One line of the run's log. */
  default void onLogLine(String line) {}

  /** A checkpoint was written. */
  default void onCheckpoint(Path checkpoint) {}

  /** The run ended. */
  default void onFinish(TuningResult result) {}
}
