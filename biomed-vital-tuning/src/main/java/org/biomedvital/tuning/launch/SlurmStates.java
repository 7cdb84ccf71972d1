package org.biomedvital.tuning.launch;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.tuning.TuningStatus;

/** Reads SLURM's job states and {@code scontrol show job} output into {@link JobState}s. */
final class SlurmStates {
  private SlurmStates() {}

  /** Maps a SLURM job state to a status. */
  static TuningStatus map(String state) {
    String s = state.trim().toUpperCase(Locale.ROOT);
    if (s.startsWith("CANCELLED")) {
      return TuningStatus.CANCELLED;
    }
    switch (s) {
      case "PENDING":
      case "CONFIGURING":
      case "REQUEUED":
      case "REQUEUE_HOLD":
      case "REQUEUE_FED":
      case "SUSPENDED":
      case "STOPPED":
        return TuningStatus.PENDING;
      case "RUNNING":
      case "COMPLETING":
      case "RESIZING":
      case "SIGNALING":
      case "STAGE_OUT":
        return TuningStatus.RUNNING;
      case "COMPLETED":
        return TuningStatus.SUCCEEDED;
      default:
        return TuningStatus.FAILED;
    }
  }

  /** What a terminal state means and what to do; empty for success and unfinished jobs. */
  static String explain(String state, String timeLimit) {
    String s = state.trim().toUpperCase(Locale.ROOT);
    String resume = "resume from the last checkpoint with --resume";
    if (s.startsWith("CANCELLED")) {
      return "cancelled with scancel (by you or an administrator); " + resume;
    }
    switch (s.split("\\s")[0]) {
      case "COMPLETED":
        return "";
      case "FAILED":
        return "";
      case "TIMEOUT":
        return "SLURM killed it at its time limit" + (timeLimit.isEmpty() ? "" : " (" + timeLimit
            + ")") + "; raise the time limit (--time), or " + resume;
      case "OUT_OF_MEMORY":
        return "killed for using more memory than it asked for; ask for more (an '#SBATCH "
            + "--mem=...' directive) or lower the per-device batch, then " + resume;
      case "NODE_FAIL":
        return "a node of its allocation failed; " + resume;
      case "PREEMPTED":
        return "preempted by a higher-priority job; " + resume + ", or use a partition "
            + "without preemption";
      case "BOOT_FAIL":
        return "its node failed to boot; submit it again";
      case "DEADLINE":
        return "it reached its deadline (--deadline) before finishing; " + resume;
      default:
        return map(s).isTerminal() ? "it ended in SLURM state " + s : "";
    }
  }

  private static final Pattern FIELD = Pattern.compile("(?:^|\\s)([A-Za-z]+)=(\\S*)");

  /** The {@code Key=Value} fields of {@code scontrol show job} (first occurrence of each). */
  static Map<String, String> fields(String scontrol) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher f = FIELD.matcher(scontrol);
    while (f.find()) {
      m.putIfAbsent(f.group(1), f.group(2));
    }
    return m;
  }

  /**
   * The state of job {@code id} in state {@code state} with {@code ExitCode} {@code exit}
   * ({@code code:signal}); a job ended by a signal gets exit code {@code 128 + signal}.
   */
  static JobState state(String id, String state, String exit, String timeLimit,
      Duration queued, Duration ran) {
    String s = state.trim();
    TuningStatus status = map(s);
    int code = 0;
    int signal = 0;
    String[] parts = exit.trim().split(":");
    if (parts[0].matches("\\d+")) {
      code = Integer.parseInt(parts[0]);
    }
    if (parts.length > 1 && parts[1].matches("\\d+")) {
      signal = Integer.parseInt(parts[1]);
    }
    int exitCode = code;
    if (status.isTerminal() && status != TuningStatus.SUCCEEDED && code == 0) {
      exitCode = signal > 0 ? 128 + signal : 1;
    }
    return new JobState(id, status, s.split("\\s")[0], exitCode, code == 0 ? signal : 0,
        explain(s, timeLimit), queued, ran);
  }

  /** The state in {@code scontrol show job} output. */
  static JobState fromScontrol(String id, Map<String, String> f, LocalDateTime now) {
    LocalDateTime submit = time(f.get("SubmitTime"));
    LocalDateTime start = time(f.get("StartTime"));
    String state = f.getOrDefault("JobState", "UNKNOWN");
    boolean started = map(state) != TuningStatus.PENDING && start != null;
    Duration queued = submit == null ? null
        : Duration.between(submit, started ? start : now).isNegative() ? Duration.ZERO
        : Duration.between(submit, started ? start : now);
    Duration ran = started ? runTime(f.get("RunTime")) : null;
    return state(id, state, f.getOrDefault("ExitCode", ""), f.getOrDefault("TimeLimit", ""),
        queued, ran);
  }

  private static LocalDateTime time(String s) {
    if (s == null || s.isEmpty() || s.equals("Unknown") || s.equals("None")) {
      return null;
    }
    try {
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code [D-]HH:MM:SS} (or {@code MM:SS}) as a duration; null when unparseable. */
  static Duration runTime(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = Pattern.compile("(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+)").matcher(s);
    if (!m.matches()) {
      return null;
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return Duration.ofDays(days).plusHours(hours).plusMinutes(Long.parseLong(m.group(3)))
        .plusSeconds(Long.parseLong(m.group(4)));
  }
}
