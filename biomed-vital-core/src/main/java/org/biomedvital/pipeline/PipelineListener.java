package org.biomedvital.pipeline;

import java.time.Duration;

/**
 * Receives a run's events: each stage starting, progressing, finishing, being skipped or failing.
 * Methods must return quickly and be thread-safe: a stage that works concurrently reports {@link
 * #onProgress} from its worker threads.
 */
public interface PipelineListener {
  /** A listener that ignores everything. */
  PipelineListener NONE = new PipelineListener() {};

  /** A stage starts; {@code index} counts from 0 over {@code count} stages. */
  default void onStageStart(String stage, int index, int count) {}

  /** A stage reports progress. */
  default void onProgress(StageProgress progress) {}

  /** A stage finished. */
  default void onStageFinish(String stage, StageResult result, Duration elapsed) {}

  /**
   * A stage was not run; {@code reason} says why ({@code complete}, {@code provided}, {@code
   * skipped}, {@code before --from}, {@code after --to}).
   */
  default void onStageSkipped(String stage, String reason) {}

  /** A stage failed; the run stops after this call. */
  default void onStageFailed(String stage, RuntimeException error) {}
}
