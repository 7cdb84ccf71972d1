package org.biomedvital.tuning.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;

/** Records every event a launched job sends (shared with the provider modules' tests). */
public final class RecordingListener implements TuningListener {
  /** Progress events in arrival order. */
  public final List<TuningProgress> progress = new CopyOnWriteArrayList<>();
  /** Checkpoints in arrival order. */
  public final List<Path> checkpoints = new CopyOnWriteArrayList<>();
  /** Log lines in arrival order. */
  public final List<String> lines = new CopyOnWriteArrayList<>();
  /** Every event as {@code kind:value}, in arrival order (to check their relative order). */
  public final List<String> events = new CopyOnWriteArrayList<>();
  /** Opens at the first progress event. */
  public final CountDownLatch firstProgress = new CountDownLatch(1);
  /** The result given to {@link #onFinish}, or null. */
  public volatile TuningResult finished;

  @Override
  public void onProgress(TuningProgress p) {
    progress.add(p);
    events.add("step:" + p.step());
    firstProgress.countDown();
  }

  @Override
  public void onCheckpoint(Path checkpoint) {
    checkpoints.add(checkpoint);
    events.add("checkpoint:" + checkpoint.getFileName());
  }

  @Override
  public void onLogLine(String line) {
    lines.add(line);
  }

  @Override
  public void onFinish(TuningResult result) {
    finished = result;
  }
}
