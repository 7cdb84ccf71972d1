package org.biomedvital.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;

/**
 * A {@link TuningListener} that records every event, in order, for assertions. Thread-safe (events
 * may come from a monitoring thread).
 */
public final class RecordingTuningListener implements TuningListener {
  private final List<String> events = new ArrayList<>();
  private final List<TuningProgress> progress = new ArrayList<>();
  private final List<String> logLines = new ArrayList<>();
  private final List<Path> checkpoints = new ArrayList<>();
  private TuningJob started;
  private TuningResult finished;

  @Override
  public synchronized void onStart(TuningJob job) {
    events.add("start");
    started = job;
  }

  @Override
  public synchronized void onProgress(TuningProgress p) {
    events.add("progress");
    progress.add(p);
  }

  @Override
  public synchronized void onLogLine(String line) {
    events.add("log");
    logLines.add(line);
  }

  @Override
  public synchronized void onCheckpoint(Path checkpoint) {
    events.add("checkpoint");
    checkpoints.add(checkpoint);
  }

  @Override
  public synchronized void onFinish(TuningResult result) {
    events.add("finish");
    finished = result;
  }

  /** Event kinds in order: {@code start}, {@code progress}, {@code log}, {@code checkpoint}, {@code finish}. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** The progress reports, in order. */
  public synchronized List<TuningProgress> progress() {
    return List.copyOf(progress);
  }

  /** The log lines, in order. */
  public synchronized List<String> logLines() {
    return List.copyOf(logLines);
  }

  /** The checkpoints, in order. */
  public synchronized List<Path> checkpoints() {
    return List.copyOf(checkpoints);
  }

  /** The job passed to {@code onStart}, if it was called. */
  public synchronized Optional<TuningJob> started() {
    return Optional.ofNullable(started);
  }

  /** The result passed to {@code onFinish}, if it was called. */
  public synchronized Optional<TuningResult> finished() {
    return Optional.ofNullable(finished);
  }
}
