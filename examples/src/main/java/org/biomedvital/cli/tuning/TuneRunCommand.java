package org.biomedvital.cli.tuning;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.JobRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code biomed-vital tune run}: plan, launch and follow a run, printing progress. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Plan as 'tune plan' does, then launch on the target and follow the run, "
        + "printing progress and checkpoints. SLURM and Kubernetes jobs outlive this command: "
        + "the job is recorded in <out>/job.json for 'tune status|attach|cancel --run <out>', "
        + "and Ctrl-C leaves it running. Exits 0 when it succeeds, 1 when a check or the run "
        + "fails or it is cancelled, 2 for bad options.")
public final class TuneRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin LaunchOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LaunchOptions.Plan plan = options.plan(out, err);
    if (plan == null) {
      return 1;
    }
    LaunchTarget target = options.launchTarget();
    try {
      LaunchedJob job = target.launch(plan.spec());
      if (job instanceof ClusterJob) {
        ClusterJob c = (ClusterJob) job;
        c.record().write(options.out);
        out.println("launched " + c.record().target() + " job " + job.id() + " (recorded in "
            + options.out.resolve(JobRecord.FILE) + ")");
      } else {
        out.println("launched process " + job.id());
      }
      out.flush();
      return JobFollower.follow(job, job instanceof ClusterJob ? options.out : null, out, err);
    } finally {
      TuneJobCommands.close(target, err);
    }
  }
}
