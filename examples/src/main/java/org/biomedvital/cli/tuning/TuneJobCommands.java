package org.biomedvital.cli.tuning;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.kubernetes.KubernetesLaunchTarget;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.ClusterLaunchTarget;
import org.biomedvital.tuning.launch.JobRecord;
import org.biomedvital.tuning.launch.JobState;
import org.biomedvital.tuning.launch.SlurmLaunchTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tune status}, {@code tune attach} and {@code tune cancel}: a SLURM or Kubernetes job
 * found again by its id or by the run folder {@code tune run} recorded it in.
 */
final class TuneJobCommands {
  private TuneJobCommands() {}

  /** Closes a target that holds a client (Kubernetes), warning when that fails. */
  static void close(LaunchTarget target, PrintWriter err) {
    if (target instanceof AutoCloseable) {
      try {
        ((AutoCloseable) target).close();
      } catch (Exception e) {
        err.println("warning: closing the target failed: " + e);
      }
    }
  }

  /** Which job: an id with its target, or a run folder. */
  static final class JobOptions {
    @Parameters(arity = "0..1", paramLabel = "ID",
        description = "the job id (SLURM job id; Kubernetes [namespace/]name)")
    String id;

    @Option(names = "--run", description = "the run's --out folder (holds job.json)")
    Path run;

    @Option(names = "--target", description = "slurm or kubernetes, with an ID; default slurm")
    String target;

    @Option(names = "--namespace", defaultValue = "default",
        description = "Kubernetes namespace for a bare name; default ${DEFAULT-VALUE}")
    String namespace;

    @Option(names = "--poll", defaultValue = "10s",
        description = "how often to ask the cluster, e.g. 2s; default ${DEFAULT-VALUE}")
    String poll;

    JobRecord record() {
      if ((id == null) == (run == null)) {
        throw new IllegalArgumentException("give a job ID or --run DIR (the run's --out folder),"
            + " not both");
      }
      if (run != null) {
        if (target != null) {
          throw new IllegalArgumentException("--target goes with an ID; --run reads it from "
              + run.resolve(JobRecord.FILE));
        }
        return JobRecord.read(run);
      }
      return JobRecord.ofId(target == null ? "slurm" : target, id);
    }

    /** Finds the job and runs {@code action} on it, closing the target after. */
    int withJob(CommandLine.Model.CommandSpec spec,
        java.util.function.BiFunction<JobRecord, ClusterJob, Integer> action) {
      JobRecord r = record();
      ClusterLaunchTarget t = target(r);
      try {
        return action.apply(r, t.attach(r));
      } finally {
        close(t, spec.commandLine().getErr());
      }
    }

    ClusterLaunchTarget target(JobRecord r) {
      switch (r.target()) {
        case "slurm":
          return SlurmLaunchTarget.builder().pollInterval(LaunchOptions.pollInterval(poll))
              .build();
        case "kubernetes":
          return KubernetesLaunchTarget.builder().image("unused-for-attach")
              .namespace(r.namespace().isEmpty() ? namespace : r.namespace())
              .pollInterval(LaunchOptions.pollInterval(poll)).build();
        default:
          throw new IllegalArgumentException("unknown target '" + r.target() + "'; use slurm or "
              + "kubernetes (a local process ends with the command that started it)");
      }
    }
  }

  /** A command on one job: finds it from {@link JobOptions}, acts on it, closes the target. */
  abstract static class JobCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin JobOptions job;

    @Override
    public final Integer call() {
      return job.withJob(spec, this::onJob);
    }

    /** What the command does with the job found; returns the exit code. */
    abstract int onJob(JobRecord r, ClusterJob c);
  }

  /** {@code biomed-vital tune status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print a SLURM or Kubernetes job's state: the cluster's state name, exit "
          + "code, queue and run time, and for an abnormal end (TIMEOUT, OUT_OF_MEMORY, "
          + "PREEMPTED...) what to do. Exits 0 while it is pending or running and after "
          + "success, 1 when it failed or was cancelled, 2 for bad options.")
  public static final class Status extends JobCommand {
    @Override
    int onJob(JobRecord r, ClusterJob c) {
      JobState s = c.state();
      spec.commandLine().getOut().println(r.target() + " job " + s.describe());
      return s.status() == TuningStatus.FAILED || s.status() == TuningStatus.CANCELLED ? 1 : 0;
    }
  }

  /** {@code biomed-vital tune attach}. */
  @Command(name = "attach", mixinStandardHelpOptions = true,
      description = "Follow a SLURM or Kubernetes job launched earlier (by 'tune run' or "
          + "anyone): progress, checkpoints and the end, as 'tune run' prints them; with --run "
          + "only this job's part of the log. Exits as 'tune run' does.")
  public static final class Attach extends JobCommand {
    @Override
    int onJob(JobRecord r, ClusterJob c) {
      spec.commandLine().getOut().println("attached to " + r.target() + " job " + c.id());
      return JobFollower.follow(c, job.run, spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }

  /** {@code biomed-vital tune cancel}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a SLURM job (scancel) or delete a Kubernetes training job. Exits 0 "
          + "when the cluster accepted the cancellation, 1 when it refused.")
  public static final class Cancel extends JobCommand {
    @Override
    int onJob(JobRecord r, ClusterJob c) {
      c.cancel();
      spec.commandLine().getOut().println("cancelled " + r.target() + " job " + c.id()
          + "; resume later with 'tune run ... --resume'");
      return 0;
    }
  }
}
