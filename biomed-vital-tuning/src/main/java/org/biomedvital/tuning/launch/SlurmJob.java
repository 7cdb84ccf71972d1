package org.biomedvital.tuning.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.biomedvital.TuningFailedException;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.monitor.Checkpoints;
import org.biomedvital.tuning.monitor.LogMonitor;

/**
 * A batch job of {@link SlurmLaunchTarget}: its state from {@code scontrol}, {@code squeue} or
 * {@code sacct}, its output file followed from the record's offset, cancelled with {@code
 * scancel}.
 */
final class SlurmJob implements ClusterJob {
  private static final Pattern JOB_STATE = Pattern.compile("JobState=(\\S+)");
  private static final int MAX_UNKNOWN_POLLS = 30;

  private final SlurmLaunchTarget target;
  private final JobRecord record;
  private final long created = System.nanoTime();
  private volatile long runningSince;
  private int unknownPolls;

  SlurmJob(SlurmLaunchTarget target, JobRecord record) {
    this.target = target;
    this.record = record;
  }

  @Override
  public JobRecord record() {
    return record;
  }

  @Override
  public JobState state() {
    JobState s = query();
    if (s.status() == TuningStatus.RUNNING && runningSince == 0) {
      runningSince = System.nanoTime();
    }
    if (s.ran() == null && runningSince != 0) {
      // Clusters that say no more than the state: time from when this process saw it start.
      return new JobState(s.id(), s.status(), s.clusterState(), s.exitCode(), s.signal(),
          s.explanation(), s.queued(), Duration.ofNanos(System.nanoTime() - runningSince));
    }
    return s;
  }

  private JobState query() {
    String id = record.id();
    // The controller knows pending, running and recently finished jobs (MinJobAge).
    CommandRunner.Result c = target.runner().run(List.of(target.exe("scontrol"), "show", "job",
        id));
    if (c.exitCode() == 0 && JOB_STATE.matcher(c.stdout()).find()) {
      unknownPolls = 0;
      return SlurmStates.fromScontrol(id, SlurmStates.fields(c.stdout()), LocalDateTime.now());
    }
    CommandRunner.Result q = target.runner().run(List.of(target.exe("squeue"), "-h", "-j", id,
        "-o", "%T"));
    String state = q.exitCode() == 0 ? q.stdout().trim() : "";
    if (!state.isEmpty()) {
      unknownPolls = 0;
      return SlurmStates.state(id, state.lines().findFirst().orElse(state), "", "", null,
          null);
    }
    // Clusters with accounting storage remember finished jobs for good.
    CommandRunner.Result a = target.runner().run(List.of(target.exe("sacct"), "-n", "-P", "-X",
        "-j", id, "-o", "State,ExitCode,Elapsed,Timelimit"));
    String line = a.exitCode() != 0 ? "" : a.stdout().lines().filter(l -> !l.isBlank())
        .findFirst().orElse("");
    if (!line.isEmpty()) {
      String[] p = line.split("\\|");
      return SlurmStates.state(id, p[0], p.length > 1 ? p[1] : "", p.length > 3 ? p[3] : "",
          null, p.length > 2 ? SlurmStates.runTime(p[2]) : null);
    }
    // Just submitted jobs can be missing everywhere for a moment; a job missing for long is lost.
    if (++unknownPolls > MAX_UNKNOWN_POLLS) {
      return new JobState(id, TuningStatus.FAILED, "UNKNOWN", -1, 0, "SLURM no longer knows "
          + "the job (not in scontrol, squeue or sacct); look at its log " + record.logFile(),
          null, null);
    }
    return new JobState(id, TuningStatus.PENDING, "UNKNOWN", 0, 0, "", null, null);
  }

  @Override
  public TuningResult await(TuningListener listener) {
    Path out = record.outputDir();
    LogMonitor monitor = new LogMonitor(listener, out, record.globalBatch());
    JobWatch.LogSource log = record.logFile() == null ? JobWatch.LogSource.none()
        : new LogFollower(record.logFile(), record.logOffset())::poll;
    JobState s = JobWatch.until(this, target.pollInterval, log, monitor::accept);
    monitor.scan();
    Duration ran = s.ran() != null ? s.ran() : Duration.ofNanos(System.nanoTime() - created);
    if (s.status() == TuningStatus.FAILED) {
      String fix = s.explanation();
      if (out != null && fix.contains("--resume")) {
        fix += Checkpoints.latest(out)
            .map(p -> " (latest checkpoint: " + p + ")").orElse(" (no checkpoint was saved)");
      }
      throw LaunchSpecs.failure(record.name() + " (SLURM job " + id() + ", " + s.clusterState()
          + ")", s.how(), s.exitCode(), ran, fix, monitor.tail());
    }
    Map<String, Double> metrics = new LinkedHashMap<>(monitor.summary());
    if (s.queued() != null) {
      metrics.put("queued_seconds", (double) s.queued().toSeconds());
    }
    metrics.put("run_seconds", (double) ran.toSeconds());
    TuningResult r = new TuningResult(s.status(), out == null ? Path.of("") : out, metrics);
    listener.onFinish(r);
    return r;
  }

  @Override
  public void cancel() {
    CommandRunner.Result r = target.runner().run(List.of(target.exe("scancel"), id()));
    if (r.exitCode() != 0) {
      throw new TuningFailedException("scancel " + id() + " failed (exit " + r.exitCode()
          + "): " + SlurmLaunchTarget.cut(r.stderr()), r.exitCode(), List.of());
    }
  }
}
