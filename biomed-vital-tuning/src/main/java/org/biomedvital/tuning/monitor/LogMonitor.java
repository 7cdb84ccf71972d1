package org.biomedvital.tuning.monitor;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.tuning.TuningListener;

/**
 * Follows a training run's log lines: forwards each to the listener, turns Trainer metric lines
 * into progress events, reports each new checkpoint once (from {@code Saving model checkpoint}
 * lines and from scanning the output folder) and keeps the last lines for error messages.
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class LogMonitor {
  /** How many log lines a failure message shows. */
  public static final int TAIL_LINES = 20;

  private final TuningListener listener;
  private final Path outputDir;
  private final TrainerLogParser parser;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Set<Path> seen = new HashSet<>();
  private long lastScan;

  /**
   * A monitor.
   *
   * @param outputDir the run's output folder, scanned for {@code checkpoint-*}; may be null
   * @param globalBatch samples per optimiser step (0 if unknown), for throughput
   */
  public LogMonitor(TuningListener listener, Path outputDir, int globalBatch) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.outputDir = outputDir;
    this.parser = new TrainerLogParser(globalBatch);
    if (outputDir != null) {
      seen.addAll(Checkpoints.list(outputDir));
    }
  }

  /** Handles one log line. */
  public void accept(String line) {
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
    listener.onLogLine(line);
    parser.accept(line).ifPresent(listener::onProgress);
    TrainerLogParser.savedCheckpoint(line).ifPresent(p -> report(Path.of(p)));
    long now = System.nanoTime();
    if (now - lastScan > 1_000_000_000L) {
      lastScan = now;
      // Only checkpoints of steps already seen in the log: the folder can be ahead of the log we
      // have read, and a checkpoint must not be announced before the step lines preceding it.
      scan(parser.step());
    }
  }

  /** Scans the output folder for checkpoints not reported yet (at the end of a run). */
  public void scan() {
    scan(Long.MAX_VALUE);
  }

  private void scan(long upToStep) {
    if (outputDir != null) {
      Checkpoints.list(outputDir).stream()
          .filter(c -> Checkpoints.step(c).map(st -> st <= upToStep).orElse(true))
          .forEach(this::report);
    }
  }

  private void report(Path checkpoint) {
    Path key = checkpoint.toAbsolutePath().normalize();
    if (seen.stream().noneMatch(p -> p.toAbsolutePath().normalize().equals(key))) {
      seen.add(checkpoint);
      listener.onCheckpoint(checkpoint);
    }
  }

  /** The last {@link #TAIL_LINES} lines. */
  public List<String> tail() {
    return new ArrayList<>(tail);
  }

  /** The final metrics the Trainer printed ({@code train_loss}, ...), empty before the end. */
  public Map<String, Double> summary() {
    return parser.summary();
  }

  /** The last step seen. */
  public long step() {
    return parser.step();
  }
}
