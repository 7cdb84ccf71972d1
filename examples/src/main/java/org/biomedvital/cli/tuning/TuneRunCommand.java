package org.biomedvital.cli.tuning;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code biomed-vital tune run}: plan, launch and follow a run, printing progress. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Plan as 'tune plan' does, then launch on the target and follow the run, "
        + "printing progress and checkpoints. Exits 1 when a check or the run fails.")
public final class TuneRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin LaunchOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LaunchOptions.Plan plan = options.plan(out, spec.commandLine().getErr());
    if (plan == null) {
      return 1;
    }
    LaunchTarget target = options.launchTarget();
    LaunchedJob job = target.launch(plan.spec());
    out.println("launched " + job.id());
    out.flush();
    TuningResult result = job.await(new TuningListener() {
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
    if (target instanceof AutoCloseable) {
      try {
        ((AutoCloseable) target).close();
      } catch (Exception e) {
        spec.commandLine().getErr().println("warning: closing the target failed: " + e);
      }
    }
    out.println("finished: " + result.status() + " " + result.metrics());
    return result.status() == TuningStatus.SUCCEEDED ? 0 : 1;
  }

  static String format(TuningProgress p) {
    return String.format(Locale.ROOT, "step %d%s  epoch %.2f  loss %.4f  lr %.2e%s", p.step(),
        p.maxSteps() > 0 ? "/" + p.maxSteps() : "", p.epoch(), p.loss(), p.learningRate(),
        Double.isNaN(p.samplesPerSecond()) ? ""
            : String.format(Locale.ROOT, "  %.1f samples/s", p.samplesPerSecond()));
  }
}
