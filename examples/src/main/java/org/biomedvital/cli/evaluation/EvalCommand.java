package org.biomedvital.cli.evaluation;

import org.biomedvital.cli.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code biomed-vital eval}: the evaluation commands. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate models: VQA metrics, open visual chat (QA50) and pairwise win rate.",
    subcommands = {
        EvalVqaCommand.class,
        EvalChatCommand.class,
        EvalChatSummaryCommand.class,
        EvalWinRateCommand.class,
        EvalWinRateSummaryCommand.class
    })
public final class EvalCommand implements CliCommand, Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
