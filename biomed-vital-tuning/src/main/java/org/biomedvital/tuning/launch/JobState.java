package org.biomedvital.tuning.launch;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.biomedvital.tuning.TuningStatus;

/**
 * A cluster job's state as the cluster reports it, read for people: the status, the cluster's own
 * state name ({@code TIMEOUT}, {@code OUT_OF_MEMORY}...), the exit code (a job killed by signal
 * {@code N} gets {@code 128 + N}, never 0), what happened and what to do, and the time spent
 * queued apart from the time spent running.
 *
 * @param id the job id
 * @param status the status
 * @param clusterState the cluster's state name
 * @param exitCode the exit code; 0 while running or after success
 * @param signal the signal that ended the job, 0 if none
 * @param explanation what happened and the fix; empty for running and successful jobs
 * @param queued time from submission to start, null when unknown
 * @param ran time from start to now or to the end, null when unknown
 */
public record JobState(String id, TuningStatus status, String clusterState, int exitCode,
    int signal, String explanation, Duration queued, Duration ran) {
  /** Validates. */
  public JobState {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(clusterState, "clusterState == null");
    Objects.requireNonNull(explanation, "explanation == null");
  }

  /** How the job ended, for a message: {@code exited with code 3}, {@code was killed by ...}. */
  public String how() {
    if (signal > 0) {
      return String.format(Locale.ROOT, "was killed by signal %d%s (exit code %d)", signal,
          signalName(signal), exitCode);
    }
    return "exited with code " + exitCode;
  }

  /** One line: {@code 1234 TIMEOUT (FAILED), exit code 143, queued 00:00:01, ran 00:01:26}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(id).append(' ').append(clusterState);
    if (!clusterState.equalsIgnoreCase(status.name())) {
      sb.append(" (").append(status).append(')');
    }
    if (status.isTerminal()) {
      sb.append(", ").append(how());
    }
    if (queued != null) {
      sb.append(", queued ").append(LaunchSpecs.hms(queued));
    }
    if (ran != null) {
      sb.append(", ran ").append(LaunchSpecs.hms(ran));
    }
    if (!explanation.isEmpty()) {
      sb.append(": ").append(explanation);
    }
    return sb.toString();
  }

  private static String signalName(int signal) {
    switch (signal) {
      case 2:
        return " (SIGINT)";
      case 6:
        return " (SIGABRT)";
      case 9:
        return " (SIGKILL)";
      case 11:
        return " (SIGSEGV)";
      case 15:
        return " (SIGTERM)";
      default:
        return "";
    }
  }
}
