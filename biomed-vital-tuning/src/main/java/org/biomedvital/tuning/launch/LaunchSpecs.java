package org.biomedvital.tuning.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.biomedvital.TuningFailedException;
import org.biomedvital.tuning.LaunchSpec;

/**
 * Reads what launch targets need from a rendered {@link LaunchSpec}, and formats their failures;
 * shared by the targets here and in the provider modules (Kubernetes).
 */
public final class LaunchSpecs {
  private LaunchSpecs() {}

  /** The value after {@code --flag} (or in {@code --flag=value}), or null. */
  public static String flag(LaunchSpec spec, String flag) {
    List<String> c = spec.command();
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).equals(flag) && i + 1 < c.size()) {
        return c.get(i + 1);
      }
      if (c.get(i).startsWith(flag + "=")) {
        return c.get(i).substring(flag.length() + 1);
      }
    }
    return null;
  }

  /** The training output folder ({@code --output_dir}), else the log file's folder. */
  public static Path outputDir(LaunchSpec spec) {
    String out = flag(spec, "--output_dir");
    if (out != null) {
      return spec.workDir().resolve(out);
    }
    Path parent = spec.logFile().toAbsolutePath().getParent();
    return parent == null ? spec.workDir() : parent;
  }

  /** Samples per optimiser step from the command, or 0 if it does not say. */
  public static int globalBatch(LaunchSpec spec) {
    try {
      String pd = flag(spec, "--per_device_train_batch_size");
      String acc = flag(spec, "--gradient_accumulation_steps");
      if (pd == null) {
        return 0;
      }
      int accumulation = acc == null ? 1 : Integer.parseInt(acc);
      String nproc = flag(spec, "--nproc_per_node");
      int processes = nproc != null && nproc.matches("\\d+") ? Integer.parseInt(nproc)
          : Math.max(1, spec.gpusPerNode());
      return Integer.parseInt(pd) * accumulation * processes * spec.nodes();
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The failure with the house-style message: what, exit code, duration, the log tail. */
  public static TuningFailedException failure(String what, int exitCode, Duration took,
      List<String> tail) {
    return failure(what, "exited with code " + exitCode, exitCode, took, "", tail);
  }

  /**
   * The failure with the house-style message: what, how it ended ({@code exited with code 3},
   * {@code was killed by signal 15}), after how long, the fix (may be empty), the log tail.
   */
  public static TuningFailedException failure(String what, String how, int exitCode,
      Duration took, String fix, List<String> tail) {
    String msg = String.format(Locale.ROOT, "%s %s after %s%s; last %d log lines:%n%s", what, how,
        hms(took), fix.isEmpty() ? "" : "; " + fix, tail.size(),
        String.join(System.lineSeparator(), tail));
    return new TuningFailedException(msg, exitCode, tail);
  }

  /** A duration as {@code HH:MM:SS}. */
  public static String hms(Duration d) {
    return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(),
        d.toSecondsPart());
  }
}
