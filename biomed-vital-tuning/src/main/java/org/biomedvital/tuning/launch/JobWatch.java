package org.biomedvital.tuning.launch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.biomedvital.tuning.TuningStatus;

/**
 * The wait loop of {@link ClusterJob#await}, shared by the cluster targets: ask the cluster for the
 * job's state every poll interval and pass the log lines written since the last poll to a sink,
 * until the state is terminal; then read the log a last time. An interrupted wait cancels the job
 * and ends {@link TuningStatus#CANCELLED}, with the thread's interrupt flag set again.
 *
 * <pre>{@code
 * JobState end = JobWatch.until(job, Duration.ofSeconds(10), follower, monitor::accept);
 * }</pre>
 */
public final class JobWatch {
  /** How often the cluster targets poll a job unless set. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  private JobWatch() {}

  /** Where a job's log is read from, a bit at a time (a followed file, a pod's log). */
  @FunctionalInterface
  public interface LogSource {
    /**
     * Sends each line written since the last call to {@code sink}.
     *
     * @param last whether the job has ended (a final line without a line end is sent too)
     */
    void poll(Consumer<String> sink, boolean last);

    /** A source that has nothing to read. */
    static LogSource none() {
      return (sink, last) -> { };
    }
  }

  /**
   * Waits until {@code job} ends, polling its state and its log every {@code pollInterval}.
   *
   * @return the job's terminal state; on interrupt a {@code CANCELLED} state explained
   *     {@code interrupted}, after {@link ClusterJob#cancel()}
   */
  public static JobState until(ClusterJob job, Duration pollInterval, LogSource log,
      Consumer<String> sink) {
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(log, "log == null");
    Objects.requireNonNull(sink, "sink == null");
    JobState s;
    try {
      while (!(s = job.state()).status().isTerminal()) {
        log.poll(sink, false);
        Thread.sleep(pollInterval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel();
      s = new JobState(job.id(), TuningStatus.CANCELLED, "CANCELLED", 0, 0, "interrupted", null,
          null);
    }
    log.poll(sink, true);
    return s;
  }
}
