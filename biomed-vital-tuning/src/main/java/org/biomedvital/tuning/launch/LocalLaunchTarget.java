package org.biomedvital.tuning.launch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalIoException;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.monitor.LogMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rendered command as a process on this machine. Its output (stdout and stderr merged) is
 * appended to the spec's log file as it arrives and streamed to the listener by {@link
 * LaunchedJob#await}; cancelling stops the process and its children (torchrun's workers) and ends
 * the run as {@link TuningStatus#CANCELLED}; a non-zero exit becomes a {@link
 * TuningFailedException} carrying the log tail.
 *
 * <p>Thread-safe; a job may be cancelled from another thread while one thread awaits it.
 */
public final class LocalLaunchTarget implements LaunchTarget {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLaunchTarget.class);
  private static final String EOF = "\u0000biomed-vital-eof\u0000";

  /** How long a cancelled process gets to exit before it is killed, unless set. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** How long a cancelled process gets to exit before it is killed. */
  private final Duration grace;

  /** A target giving cancelled processes {@link #DEFAULT_GRACE} to exit. */
  public LocalLaunchTarget() {
    this(DEFAULT_GRACE);
  }

  /** A target giving cancelled processes {@code grace} to exit before they are killed. */
  public LocalLaunchTarget(Duration grace) {
    this.grace = java.util.Objects.requireNonNull(grace, "grace == null");
  }

  @Override
  public LaunchedJob launch(LaunchSpec spec) {
    ProcessBuilder pb = new ProcessBuilder(spec.command())
        .directory(spec.workDir().toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.putAll(spec.environment());
    Path log = spec.logFile().toAbsolutePath();
    if (log.getParent() != null) {
      try {
        Files.createDirectories(log.getParent());
      } catch (IOException e) {
        throw new VitalIoException(log.getParent(), "cannot create the log folder "
            + log.getParent() + ": " + e.getMessage(), e);
      }
    }
    try {
      Process p = pb.start();
      LOG.info("started {} as process {}: {}", spec.name(), p.pid(), String.join(" ",
          spec.command()));
      return new LocalJob(spec, p, log, grace);
    } catch (IOException e) {
      throw new TuningFailedException("cannot start " + spec.name() + " ('" + spec.command().get(0)
          + "') in " + spec.workDir() + ": " + e.getMessage() + "; check that the launcher is "
          + "installed and on PATH", -1, java.util.List.of());
    }
  }

  private static final class LocalJob implements LaunchedJob {
    private final LaunchSpec spec;
    private final Process process;
    private final Duration grace;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final long started = System.nanoTime();
    private volatile boolean cancelled;

    LocalJob(LaunchSpec spec, Process process, Path log, Duration grace) {
      this.spec = spec;
      this.process = process;
      this.grace = grace;
      Thread pump = new Thread(() -> pump(log), "biomed-vital-log-" + process.pid());
      pump.setDaemon(true);
      pump.start();
    }

    private void pump(Path log) {
      try (BufferedReader r = new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        String line;
        while ((line = r.readLine()) != null) {
          w.write(line);
          w.newLine();
          w.flush();
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("biomed-vital: log stream broke: " + e.getMessage());
      } finally {
        lines.add(EOF);
      }
    }

    @Override
    public String id() {
      return Long.toString(process.pid());
    }

    @Override
    public TuningStatus status() {
      if (process.isAlive()) {
        return TuningStatus.RUNNING;
      }
      if (cancelled) {
        return TuningStatus.CANCELLED;
      }
      return process.exitValue() == 0 ? TuningStatus.SUCCEEDED : TuningStatus.FAILED;
    }

    @Override
    public TuningResult await(TuningListener listener) {
      Path out = LaunchSpecs.outputDir(spec);
      LogMonitor monitor = new LogMonitor(listener, out, LaunchSpecs.globalBatch(spec));
      try {
        String line;
        while (!EOF.equals(line = lines.take())) {
          monitor.accept(line);
        }
        int code = process.waitFor();
        monitor.scan();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (cancelled) {
          return finish(TuningStatus.CANCELLED, out, monitor, listener);
        }
        if (code != 0) {
          throw LaunchSpecs.failure(spec.name(), code, took, monitor.tail());
        }
        return finish(TuningStatus.SUCCEEDED, out, monitor, listener);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        return finish(TuningStatus.CANCELLED, out, monitor, listener);
      }
    }

    /** The result with the monitor's summary, after telling the listener. */
    private static TuningResult finish(TuningStatus status, Path out, LogMonitor monitor,
        TuningListener listener) {
      TuningResult r = new TuningResult(status, out, monitor.summary());
      listener.onFinish(r);
      return r;
    }

    @Override
    public void cancel() {
      cancelled = true;
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      Thread killer = new Thread(() -> {
        try {
          if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "biomed-vital-kill-" + process.pid());
      killer.setDaemon(true);
      killer.start();
    }
  }
}
