package org.biomedvital.cli.pipeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.pipeline.StageProgress;
import org.biomedvital.pipeline.StageResult;

/**
 * Shows a run's progress: on a terminal a one-line progress bar per stage (done/total, rate, ETA,
 * spend) redrawn in place; elsewhere (CI, a log file) a plain log line at most every {@code
 * interval}, plus one line per stage start, finish and skip.
 */
public final class ConsoleProgress implements PipelineListener {
  private static final int BAR = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long lastDraw = Long.MIN_VALUE;
  private boolean barOpen;

  ConsoleProgress(PrintWriter out, boolean terminal, Duration interval, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
  }

  /**
   * A progress display for {@code out}: a bar when the process is attached to a terminal ({@code
   * System.console() != null}), log lines every 10 seconds otherwise.
   */
  public static ConsoleProgress create(PrintWriter out) {
    boolean tty = System.console() != null;
    return new ConsoleProgress(out, tty, tty ? Duration.ofMillis(100) : Duration.ofSeconds(10),
        System::nanoTime);
  }

  @Override
  public synchronized void onStageStart(String stage, int index, int count) {
    closeBar();
    out.println(String.format(Locale.ROOT, "[%d/%d] %s ...", index + 1, count, stage));
    out.flush();
    lastDraw = Long.MIN_VALUE;
  }

  @Override
  public synchronized void onProgress(StageProgress p) {
    long now = clock.getAsLong();
    boolean last = p.total() > 0 && p.done() >= p.total();
    if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < intervalNanos) {
      return;
    }
    lastDraw = now;
    if (terminal) {
      out.print("\r" + bar(p) + "\u001b[K");
      barOpen = true;
    } else {
      out.println(line(p));
    }
    out.flush();
  }

  @Override
  public synchronized void onStageFinish(String stage, StageResult result, Duration elapsed) {
    closeBar();
    StringBuilder counts = new StringBuilder();
    result.counts().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(k)
        .append(' ').append(v));
    out.println(String.format(Locale.ROOT, "      %s done in %s%s%s", stage, time(elapsed),
        counts.length() == 0 ? "" : ": " + counts,
        result.spendUsd() > 0 ? String.format(Locale.ROOT, ", spend $%.4f", result.spendUsd()) : ""));
    out.flush();
  }

  @Override
  public synchronized void onStageSkipped(String stage, String reason) {
    closeBar();
    out.println("      " + stage + " skipped (" + reason + ")");
    out.flush();
  }

  @Override
  public synchronized void onStageFailed(String stage, RuntimeException error) {
    closeBar();
    out.println("      " + stage + " FAILED: " + error.getMessage());
    out.flush();
  }

  private void closeBar() {
    if (barOpen) {
      out.println();
      barOpen = false;
    }
  }

  /** The one-line bar, e.g. {@code generate [#######.......] 45/80 12.3/s ETA 0:03 $0.0123}. */
  static String bar(StageProgress p) {
    StringBuilder sb = new StringBuilder(p.stage()).append(" [");
    int filled = p.total() > 0 ? (int) Math.min(BAR, BAR * p.done() / p.total()) : 0;
    for (int i = 0; i < BAR; i++) {
      sb.append(p.total() <= 0 ? (i == (int) (p.done() % BAR) ? '#' : '.') : i < filled ? '#' : '.');
    }
    sb.append("] ").append(counts(p)).append(tail(p));
    return sb.toString();
  }

  /** The log line, e.g. {@code generate: 45/80 (56%), 12.3/s, ETA 0:03, spend $0.0123}. */
  static String line(StageProgress p) {
    String pct = p.total() > 0
        ? String.format(Locale.ROOT, " (%d%%)", Math.min(100, 100 * p.done() / p.total())) : "";
    return p.stage() + ": " + counts(p) + pct + tail(p).replace("  ", ", ").replaceFirst("^ ", ", ");
  }

  private static String counts(StageProgress p) {
    String s = p.total() > 0 ? p.done() + "/" + p.total() : Long.toString(p.done());
    return p.failed() > 0 ? s + " (" + p.failed() + " failed)" : s;
  }

  private static String tail(StageProgress p) {
    StringBuilder sb = new StringBuilder();
    p.rate().ifPresent(r -> sb.append(String.format(Locale.ROOT, "  %.1f/s", r)));
    p.eta().ifPresent(e -> sb.append("  ETA ").append(time(e)));
    if (p.spendUsd() > 0) {
      sb.append(String.format(Locale.ROOT, "  $%.4f", p.spendUsd()));
    }
    return sb.toString();
  }

  static String time(Duration d) {
    long s = d.getSeconds();
    if (s < 60 && d.toMillis() < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
