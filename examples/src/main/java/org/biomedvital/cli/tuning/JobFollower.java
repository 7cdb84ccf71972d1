package org.biomedvital.cli.tuning;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.launch.ClusterJob;

/**
 * Follows a launched job for {@code tune run} and {@code tune attach}: prints progress and
 * checkpoints in the order they happen, and for cluster jobs says on Ctrl-C that the job keeps
 * running and how to follow or cancel it.
 */
final class JobFollower {
  private JobFollower() {}

  /** Follows {@code job} to its end; returns the exit code (0 succeeded, 1 cancelled). */
  static int follow(LaunchedJob job, Path runDir, PrintWriter out, PrintWriter err) {
    Thread hint = null;
    if (job instanceof ClusterJob) {
      ClusterJob c = (ClusterJob) job;
      String tail = runDir != null ? "--run " + runDir
          : c.id() + " --target " + c.record().target();
      hint = new Thread(() -> {
        err.println();
        err.println("interrupted: " + c.record().target() + " job " + c.id() + " keeps running "
            + "on the cluster. Follow it: biomed-vital tune attach " + tail + "; its state: "
            + "biomed-vital tune status " + tail + "; cancel it: biomed-vital tune cancel "
            + tail);
        err.flush();
      }, "biomed-vital-detach-hint");
      Runtime.getRuntime().addShutdownHook(hint);
      out.println("follow from another terminal: biomed-vital tune attach " + tail);
      out.flush();
    }
    TuningResult result;
    try {
      result = job.await(new TuningListener() {
        @Override
        public void onProgress(TuningProgress p) {
          out.println(format(p));
          out.flush();
        }

        @Override
        public void onCheckpoint(Path checkpoint) {
          out.println("checkpoint " + checkpoint);
          out.flush();
        }
      });
    } finally {
      if (hint != null) {
        removeHook(hint);
      }
    }
    Map<String, Double> m = result.metrics();
    StringBuilder times = new StringBuilder();
    if (m.containsKey("run_seconds")) {
      times.append(" after running ").append(hms(m.get("run_seconds")));
    }
    if (m.containsKey("queued_seconds")) {
      times.append(" (queued ").append(hms(m.get("queued_seconds"))).append(')');
    }
    out.println("finished: " + result.status() + times + " " + metrics(m));
    if (result.status() == TuningStatus.CANCELLED) {
      err.println("error: the job was cancelled; rerun with --resume to continue from its last "
          + "checkpoint");
      return 1;
    }
    return result.status() == TuningStatus.SUCCEEDED ? 0 : 1;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook prints its hint.
    }
  }

  private static String hms(double seconds) {
    long s = (long) seconds;
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  private static String metrics(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> {
      if (!k.equals("run_seconds") && !k.equals("queued_seconds")) {
        sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
            .append(String.format(Locale.ROOT, "%.4g", v));
      }
    });
    return sb.append('}').toString();
  }

  static String format(TuningProgress p) {
    return String.format(Locale.ROOT, "step %d%s  epoch %.2f  loss %.4f  lr %.2e%s", p.step(),
        p.maxSteps() > 0 ? "/" + p.maxSteps() : "", p.epoch(), p.loss(), p.learningRate(),
        Double.isNaN(p.samplesPerSecond()) ? ""
            : String.format(Locale.ROOT, "  %.1f samples/s", p.samplesPerSecond()));
  }
}
