package org.biomedvital.generation.runner;

/** Receives progress events of a generation run, on a timer thread and once at the end. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that does nothing. */
  ProgressListener NONE = p -> {};

  /** Called with the progress so far; must be quick and must not throw. */
  void onProgress(GenerationProgress progress);
}
