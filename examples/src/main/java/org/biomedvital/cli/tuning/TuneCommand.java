package org.biomedvital.cli.tuning;

import org.biomedvital.cli.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code biomed-vital tune}: plan, run and demo LLaVA-Med-style tuning. */
@Command(
    name = "tune",
    description = "Tune a LLaVA-Med-style model: plan or run a launch of the LLaVA-Med/LLaVA "
        + "training code (local, SLURM, Kubernetes), follow, query or cancel a cluster job, or "
        + "train the tiny in-JVM model.",
    mixinStandardHelpOptions = true,
    subcommands = {TunePlanCommand.class, TuneRunCommand.class, TuneJobCommands.Status.class,
        TuneJobCommands.Attach.class, TuneJobCommands.Cancel.class, TuneTinyCommand.class})
public final class TuneCommand implements CliCommand, Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
