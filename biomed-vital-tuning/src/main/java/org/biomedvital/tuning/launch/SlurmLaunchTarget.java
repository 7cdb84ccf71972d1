package org.biomedvital.tuning.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.TuningFailedException;
import org.biomedvital.internal.Checks;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.internal.AtomicFiles;
import org.biomedvital.tuning.llava.RenderedLaunch;
import org.biomedvital.tuning.monitor.LogMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the rendered command to SLURM as a batch job: one task per node, the GPUs per node as a
 * generic resource, {@code MASTER_ADDR} set to the first host of the allocation and the command
 * started on every node with {@code srun} (render it with {@link
 * org.biomedvital.tuning.llava.LauncherKind#SLURM} so {@code torchrun} meets at the c10d
 * rendezvous on {@code $MASTER_ADDR:$MASTER_PORT}).
 *
 * <p>The job is submitted with {@code sbatch --parsable}, watched with {@code squeue} and then
 * {@code sacct}, cancelled with {@code scancel}, and its output file (the spec's log file) is
 * tailed into the listener. The batch script is written beside the log as {@code <name>.sbatch}.
 *
 * <pre>{@code
 * LaunchTarget slurm = SlurmLaunchTarget.builder().partition("gpu").timeLimit("48:00:00").build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SlurmLaunchTarget implements LaunchTarget {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmLaunchTarget.class);
  private static final Pattern JOB_STATE = Pattern.compile("JobState=(\\S+)");
  private static final Pattern EXIT_CODE = Pattern.compile("\\bExitCode=(\\d+:\\d+)");
  private static final int MAX_UNKNOWN_POLLS = 30;

  private final String partition;
  private final String account;
  private final String timeLimit;
  private final int cpusPerTask;
  private final List<String> extraDirectives;
  private final Path binDir;
  private final Map<String, String> environment;
  private final Duration pollInterval;
  private final int defaultMasterPort;

  private SlurmLaunchTarget(Builder b) {
    this.partition = b.partition;
    this.account = b.account;
    this.timeLimit = b.timeLimit;
    this.cpusPerTask = b.cpusPerTask;
    this.extraDirectives = List.copyOf(b.extraDirectives);
    this.binDir = b.binDir;
    this.environment = Map.copyOf(b.environment);
    this.pollInterval = b.pollInterval;
    this.defaultMasterPort = b.masterPort;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The batch script for {@code spec}. */
  public String renderScript(LaunchSpec spec) {
    StringBuilder sb = new StringBuilder("#!/bin/bash\n");
    sb.append("#SBATCH --job-name=").append(spec.name()).append('\n');
    sb.append("#SBATCH --nodes=").append(spec.nodes()).append('\n');
    sb.append("#SBATCH --ntasks-per-node=1\n");
    if (spec.gpusPerNode() > 0) {
      sb.append("#SBATCH --gres=gpu:").append(spec.gpusPerNode()).append('\n');
    }
    if (cpusPerTask > 0) {
      sb.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
    }
    if (!partition.isEmpty()) {
      sb.append("#SBATCH --partition=").append(partition).append('\n');
    }
    if (!account.isEmpty()) {
      sb.append("#SBATCH --account=").append(account).append('\n');
    }
    if (!timeLimit.isEmpty()) {
      sb.append("#SBATCH --time=").append(timeLimit).append('\n');
    }
    sb.append("#SBATCH --output=").append(spec.logFile().toAbsolutePath()).append('\n');
    sb.append("#SBATCH --open-mode=append\n");
    extraDirectives.forEach(d -> sb.append("#SBATCH ").append(d).append('\n'));
    sb.append("# Rendered by biomed-vital.\n");
    sb.append("set -euo pipefail\n");
    Map<String, String> env = new LinkedHashMap<>(spec.environment());
    env.putIfAbsent("MASTER_PORT", Integer.toString(defaultMasterPort));
    env.forEach((k, v) -> {
      if (ProviderSettings.isSecretKey(k)) {
        // Never write a secret into the script: sbatch exports the submitter's environment.
        sb.append("export ").append(k).append("=\"${").append(k).append(":?set ").append(k)
            .append(" in the environment you submit from}\"\n");
      } else {
        sb.append("export ").append(k).append('=').append(RenderedLaunch.quote(v)).append('\n');
      }
    });
    sb.append("export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n");
    sb.append("echo \"biomed-vital: job $SLURM_JOB_ID on $SLURM_NNODES node(s), master "
        + "$MASTER_ADDR:$MASTER_PORT\"\n");
    sb.append("cd ").append(RenderedLaunch.quote(spec.workDir().toAbsolutePath().toString()))
        .append('\n');
    // Merge stderr into stdout inside each task: srun forwards the two streams separately, so
    // the progress bar (stderr) and the metric lines (stdout) would otherwise arrive out of order.
    sb.append("srun --kill-on-bad-exit=1 --ntasks-per-node=1 bash -c 'exec \"$0\" \"$@\" 2>&1'");
    for (String a : spec.command()) {
      sb.append(' ').append(RenderedLaunch.quote(a));
    }
    sb.append('\n');
    return sb.toString();
  }

  private String exe(String name) {
    return binDir == null ? name : binDir.resolve(name).toString();
  }

  private CommandRunner runner() {
    Map<String, String> env = new LinkedHashMap<>(environment);
    if (binDir != null) {
      env.put("PATH", binDir.toAbsolutePath() + java.io.File.pathSeparator
          + environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "")));
    }
    return new CommandRunner(env, Duration.ofSeconds(60));
  }

  @Override
  public LaunchedJob launch(LaunchSpec spec) {
    Path script = spec.logFile().toAbsolutePath().resolveSibling(spec.name() + ".sbatch");
    AtomicFiles.writeString(script, renderScript(spec));
    CommandRunner.Result r = runner().run(List.of(exe("sbatch"), "--parsable", script.toString()));
    String out = r.stdout().trim();
    if (r.exitCode() != 0 || out.isEmpty()) {
      throw new TuningFailedException("sbatch rejected " + script + " (exit " + r.exitCode()
          + "): " + cut(r.stderr().isBlank() ? out : r.stderr()) + "; check the partition, "
          + "account, GPU count and time limit", r.exitCode(), List.of());
    }
    String id = out.lines().reduce((a, b) -> b).orElse(out).split(";")[0].trim();
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new TuningFailedException("sbatch printed '" + cut(out) + "' instead of a job id",
          r.exitCode(), List.of());
    }
    LOG.info("submitted {} as SLURM job {}", spec.name(), id);
    return new SlurmJob(spec, id);
  }

  private static String cut(String s) {
    String t = s.trim();
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

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
      case "SUSPENDED":
        return TuningStatus.PENDING;
      case "RUNNING":
      case "COMPLETING":
        return TuningStatus.RUNNING;
      case "COMPLETED":
        return TuningStatus.SUCCEEDED;
      default:
        return TuningStatus.FAILED;
    }
  }

  private final class SlurmJob implements LaunchedJob {
    private final LaunchSpec spec;
    private final String id;
    private final long started = System.nanoTime();
    private volatile int exitCode = -1;
    private volatile String finalState = "";
    private int unknownPolls;

    SlurmJob(LaunchSpec spec, String id) {
      this.spec = spec;
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public TuningStatus status() {
      CommandRunner.Result q = runner().run(List.of(exe("squeue"), "-h", "-j", id, "-o", "%T"));
      String state = q.exitCode() == 0 ? q.stdout().trim() : "";
      if (!state.isEmpty()) {
        return map(state.lines().findFirst().orElse(state));
      }
      CommandRunner.Result a = runner().run(List.of(exe("sacct"), "-n", "-P", "-X", "-j", id,
          "-o", "State,ExitCode"));
      String line = a.exitCode() != 0 ? "" : a.stdout().lines().filter(l -> !l.isBlank())
          .findFirst().orElse("");
      if (!line.isEmpty()) {
        String[] parts = line.split("\\|");
        return finished(parts[0], parts.length > 1 ? parts[1] : "");
      }
      // Clusters without accounting storage: the controller remembers finished jobs a while.
      CommandRunner.Result c = runner().run(List.of(exe("scontrol"), "show", "job", id));
      Matcher jobState = JOB_STATE.matcher(c.stdout());
      if (c.exitCode() == 0 && jobState.find()) {
        Matcher code = EXIT_CODE.matcher(c.stdout());
        return finished(jobState.group(1), code.find() ? code.group(1) : "");
      }
      // Just submitted jobs can be missing everywhere for a moment; a job missing for long is lost.
      if (++unknownPolls > MAX_UNKNOWN_POLLS) {
        finalState = "UNKNOWN (not in squeue, sacct or scontrol)";
        return TuningStatus.FAILED;
      }
      return TuningStatus.PENDING;
    }

    private TuningStatus finished(String state, String exit) {
      finalState = state.trim();
      String code = exit.split(":")[0].trim();
      exitCode = code.matches("\\d+") ? Integer.parseInt(code) : -1;
      return map(finalState);
    }

    @Override
    public TuningResult await(TuningListener listener) {
      Path out = LaunchSpecs.outputDir(spec);
      LogMonitor monitor = new LogMonitor(listener, out, LaunchSpecs.globalBatch(spec));
      LogFollower follower = new LogFollower(spec.logFile());
      TuningStatus s;
      try {
        while (!(s = status()).isTerminal()) {
          follower.poll(monitor::accept, false);
          Thread.sleep(pollInterval.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        s = TuningStatus.CANCELLED;
      }
      follower.poll(monitor::accept, true);
      monitor.scan();
      if (s == TuningStatus.FAILED) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        throw LaunchSpecs.failure(spec.name() + " (SLURM job " + id + ", " + finalState + ")",
            exitCode, took, monitor.tail());
      }
      TuningResult r = new TuningResult(s, out, monitor.summary());
      listener.onFinish(r);
      return r;
    }

    @Override
    public void cancel() {
      CommandRunner.Result r = runner().run(List.of(exe("scancel"), id));
      if (r.exitCode() != 0) {
        throw new TuningFailedException("scancel " + id + " failed (exit " + r.exitCode() + "): "
            + cut(r.stderr()), r.exitCode(), List.of());
      }
    }
  }

  /** Builds {@link SlurmLaunchTarget}s; every setting is optional. */
  public static final class Builder {
    private String partition = "";
    private String account = "";
    private String timeLimit = "";
    private int cpusPerTask;
    private final List<String> extraDirectives = new ArrayList<>();
    private Path binDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration pollInterval = Duration.ofSeconds(10);
    private int masterPort = 29500;

    private Builder() {}

    /** The partition ({@code --partition}); default the cluster's. */
    public Builder partition(String partition) {
      this.partition = Checks.notBlank(partition, "partition");
      return this;
    }

    /** The account ({@code --account}); default none. */
    public Builder account(String account) {
      this.account = Checks.notBlank(account, "account");
      return this;
    }

    /** The time limit ({@code --time}, e.g. {@code 48:00:00}); default the partition's. */
    public Builder timeLimit(String timeLimit) {
      this.timeLimit = Checks.notBlank(timeLimit, "timeLimit");
      return this;
    }

    /** CPUs per task (one task per node); default unset. */
    public Builder cpusPerTask(int cpus) {
      this.cpusPerTask = Checks.positive(cpus, "cpusPerTask");
      return this;
    }

    /** An extra {@code #SBATCH} directive, e.g. {@code --exclusive}. */
    public Builder directive(String directive) {
      extraDirectives.add(Checks.notBlank(directive, "directive"));
      return this;
    }

    /** The folder holding {@code sbatch}, {@code squeue}...; default: found on PATH. */
    public Builder binDir(Path binDir) {
      this.binDir = Objects.requireNonNull(binDir, "binDir == null");
      return this;
    }

    /** An environment variable for the SLURM client commands. */
    public Builder environment(String key, String value) {
      environment.put(Checks.notBlank(key, "key"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** How often {@code await} polls; default 10 s. */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      Checks.checkArgument(!interval.isNegative() && !interval.isZero(),
          "pollInterval must be > 0 but was %s", interval);
      this.pollInterval = interval;
      return this;
    }

    /** The rendezvous port when the spec does not set {@code MASTER_PORT}; default 29500. */
    public Builder masterPort(int port) {
      this.masterPort = Checks.positive(port, "masterPort");
      return this;
    }

    /** Builds the target. */
    public SlurmLaunchTarget build() {
      return new SlurmLaunchTarget(this);
    }
  }
}
