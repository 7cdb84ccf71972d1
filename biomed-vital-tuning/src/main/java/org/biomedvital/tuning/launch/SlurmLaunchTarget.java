package org.biomedvital.tuning.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.TuningFailedException;
import org.biomedvital.internal.Checks;
import org.biomedvital.io.AtomicFiles;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.RenderedLaunch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the rendered command to SLURM as a batch job: one task per node, the GPUs per node as a
 * generic resource (none for a CPU-only run, which asks for its processes as CPUs instead), {@code
 * MASTER_ADDR} set to the first host of the allocation and the command started on every node with
 * {@code srun} (render it with {@link org.biomedvital.tuning.llava.LauncherKind#SLURM} so {@code
 * torchrun} meets at the c10d rendezvous on {@code $MASTER_ADDR:$MASTER_PORT}).
 *
 * <p>The job is submitted with {@code sbatch --parsable} and watched with {@code scontrol show
 * job} (then {@code squeue} and {@code sacct}, for clusters that forget finished jobs); its output
 * file (the spec's log file, appended to by a resumed run) is followed from the byte where this
 * job's output starts. A job that ends other than {@code COMPLETED} becomes a {@link
 * TuningFailedException} naming the SLURM state ({@code TIMEOUT}, {@code OUT_OF_MEMORY}, {@code
 * NODE_FAIL}, {@code PREEMPTED}...), a non-zero exit code (a signal {@code N} gives {@code 128 +
 * N}), the fix and the log tail; a cancelled job ends {@link TuningStatus#CANCELLED}. Jobs outlive
 * the submitting process: {@link #attach} finds one again from its {@link JobRecord}. The batch
 * script is written beside the log as {@code <name>.sbatch}.
 *
 * <pre>{@code
 * LaunchTarget slurm = SlurmLaunchTarget.builder().partition("gpu").timeLimit("48:00:00").build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SlurmLaunchTarget implements ClusterLaunchTarget {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmLaunchTarget.class);
  /** The rendezvous port when the spec sets no {@code MASTER_PORT}, unless set. */
  public static final int DEFAULT_MASTER_PORT = 29500;
  /** How long one SLURM client command ({@code sbatch}, {@code squeue}...) may take. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  final Duration pollInterval;
  private final String partition;
  private final String account;
  private final String timeLimit;
  private final int cpusPerTask;
  private final List<String> extraDirectives;
  private final Path binDir;
  private final Map<String, String> environment;
  private final int defaultMasterPort;

  private SlurmLaunchTarget(Builder b) {
    this.partition = b.partition;
    this.account = b.account;
    this.timeLimit = b.timeLimit;
    this.cpusPerTask = b.cpusPerTask;
    this.extraDirectives = List.copyOf(b.extraDirectives);
    this.binDir = b.binDir;
    this.environment = Checks.orderedCopy(b.environment);
    this.pollInterval = b.pollInterval;
    this.defaultMasterPort = b.masterPort;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every setting of this target. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.partition = partition;
    b.account = account;
    b.timeLimit = timeLimit;
    b.cpusPerTask = cpusPerTask;
    b.extraDirectives.addAll(extraDirectives);
    b.binDir = binDir;
    b.environment.putAll(environment);
    b.pollInterval = pollInterval;
    b.masterPort = defaultMasterPort;
    return b;
  }

  @Override
  public String name() {
    return "slurm";
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
    String nproc = LaunchSpecs.flag(spec, "--nproc_per_node");
    if (cpusPerTask > 0) {
      sb.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
    } else if (spec.gpusPerNode() == 0 && nproc != null && nproc.matches("\\d+")
        && Integer.parseInt(nproc) > 1) {
      // CPU-only: one CPU for each training process of the node's task.
      sb.append("#SBATCH --cpus-per-task=").append(nproc).append('\n');
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

  String exe(String name) {
    return binDir == null ? name : binDir.resolve(name).toString();
  }

  CommandRunner runner() {
    Map<String, String> env = new LinkedHashMap<>(environment);
    if (binDir != null) {
      env.put("PATH", binDir.toAbsolutePath() + java.io.File.pathSeparator
          + environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "")));
    }
    return new CommandRunner(env, COMMAND_TIMEOUT);
  }

  @Override
  public ClusterJob launch(LaunchSpec spec) {
    Path log = spec.logFile().toAbsolutePath();
    Path script = log.resolveSibling(spec.name() + ".sbatch");
    AtomicFiles.writeString(script, renderScript(spec));
    // A resumed run appends to the same log: this job's output starts at today's end of file.
    long offset = LogFollower.sizeOf(log);
    CommandRunner.Result r = runner().run(List.of(exe("sbatch"), "--parsable", script.toString()));
    String out = r.stdout().trim();
    if (r.exitCode() != 0 || out.isEmpty()) {
      throw new TuningFailedException("sbatch rejected " + script + " (exit " + r.exitCode()
          + "): " + cut(r.stderr().isBlank() ? out : r.stderr()) + "; check the partition, "
          + "account, GPU count (--gpus 0 on a partition without GPUs) and time limit",
          r.exitCode(), List.of());
    }
    String id = out.lines().reduce((a, b) -> b).orElse(out).split(";")[0].trim();
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new TuningFailedException("sbatch printed '" + cut(out) + "' instead of a job id",
          r.exitCode(), List.of());
    }
    LOG.debug("submitted {} as SLURM job {}", spec.name(), id);
    return new SlurmJob(this, new JobRecord(name(), id, spec.name(), log, offset,
        LaunchSpecs.outputDir(spec).toAbsolutePath(), LaunchSpecs.globalBatch(spec), ""));
  }

  /**
   * {@inheritDoc} A record with only the id ({@link JobRecord#ofId}) takes the log file and name
   * from {@code scontrol show job} and follows the whole log.
   */
  @Override
  public ClusterJob attach(JobRecord record) {
    if (record.logFile() != null) {
      return new SlurmJob(this, record);
    }
    CommandRunner.Result c = runner().run(List.of(exe("scontrol"), "show", "job", record.id()));
    Map<String, String> f = SlurmStates.fields(c.stdout());
    if (c.exitCode() != 0 || !f.containsKey("JobState")) {
      throw new TuningFailedException("SLURM does not know job " + record.id() + " ("
          + cut(c.stderr().isBlank() ? c.stdout() : c.stderr()) + "); finished jobs are kept "
          + "for MinJobAge (300 s by default): give the run folder (--run) to read its log",
          -1, List.of());
    }
    String stdout = f.getOrDefault("StdOut", "");
    return new SlurmJob(this, new JobRecord(name(), record.id(), f.getOrDefault("JobName", ""),
        stdout.isEmpty() ? null : Path.of(stdout), 0, record.outputDir(), record.globalBatch(),
        ""));
  }

  static String cut(String s) {
    String t = s.trim();
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

  /** Maps a SLURM job state to a status. */
  static TuningStatus map(String state) {
    return SlurmStates.map(state);
  }


  /** The {@code #SBATCH} options the target writes, with what to do instead of a directive. */
  private static final Map<String, String> OWN_OPTIONS = Map.ofEntries(
      Map.entry("--partition", "call partition(...)"), Map.entry("-p", "call partition(...)"),
      Map.entry("--account", "call account(...)"), Map.entry("-A", "call account(...)"),
      Map.entry("--time", "call timeLimit(...)"), Map.entry("-t", "call timeLimit(...)"),
      Map.entry("--cpus-per-task", "call cpusPerTask(...)"),
      Map.entry("-c", "call cpusPerTask(...)"),
      Map.entry("--job-name", "the job name is the launch spec's name"),
      Map.entry("--nodes", "the node count is the recipe's nodes"),
      Map.entry("--gres", "the GPU count is the recipe's GPUs per node"),
      Map.entry("--output", "the output is the launch spec's log file"),
      Map.entry("--open-mode", "the log is appended to (a resumed run continues it)"),
      Map.entry("--ntasks-per-node", "the target runs one task per node"));

  /** Builds {@link SlurmLaunchTarget}s; every setting is optional. */
  public static final class Builder {
    private String partition = "";
    private String account = "";
    private String timeLimit = "";
    private int cpusPerTask;
    private final List<String> extraDirectives = new ArrayList<>();
    private Path binDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration pollInterval = JobWatch.DEFAULT_POLL_INTERVAL;
    private int masterPort = DEFAULT_MASTER_PORT;

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

    /**
     * An extra {@code #SBATCH} directive, e.g. {@code --exclusive}; not one the target writes
     * itself or has a setter for (checked by {@link #build()}).
     */
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

    /** How often {@code await} polls; default {@link JobWatch#DEFAULT_POLL_INTERVAL}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Checks.positive(interval, "pollInterval");
      return this;
    }

    /**
     * The rendezvous port when the spec does not set {@code MASTER_PORT}; default {@link
     * #DEFAULT_MASTER_PORT}.
     */
    public Builder masterPort(int port) {
      this.masterPort = Checks.positive(port, "masterPort");
      return this;
    }

    /**
     * Builds the target.
     *
     * @throws IllegalStateException when a directive sets what the target writes itself or what a
     *     setter sets (the later line would silently win), naming the setter to use
     */
    public SlurmLaunchTarget build() {
      for (String d : extraDirectives) {
        String option = d.trim().split("[=\\s]", 2)[0];
        String setter = OWN_OPTIONS.get(option);
        Checks.checkState(setter == null, "directive '%s' conflicts with the batch script's own "
            + "%s; %s", d, option, setter);
      }
      return new SlurmLaunchTarget(this);
    }
  }
}
