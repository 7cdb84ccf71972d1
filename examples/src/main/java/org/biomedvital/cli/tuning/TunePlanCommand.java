package org.biomedvital.cli.tuning;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code biomed-vital tune plan}: check a launch and write its files without running it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Check the recipe and data, write launch.sh (and ds_config.json, the sbatch "
        + "script or pytorchjob.yaml) into --out and print the command. Exits 1 with the fix "
        + "when a check fails (e.g. the global batch arithmetic).")
public final class TunePlanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin LaunchOptions options;

  @Override
  public Integer call() {
    return options.plan(spec.commandLine().getOut(), spec.commandLine().getErr()) == null ? 1 : 0;
  }
}
