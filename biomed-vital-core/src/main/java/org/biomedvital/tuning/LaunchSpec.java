package org.biomedvital.tuning;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * A rendered launch: the exact command, its environment and where it runs and logs.
 *
 * @param name the job name
 * @param command the command line, one argument per element
 * @param environment extra environment variables
 * @param workDir the working directory
 * @param logFile where the run's output goes
 * @param nodes how many nodes
 * @param gpusPerNode how many GPUs on each node
 */
public record LaunchSpec(
    String name, List<String> command, Map<String, String> environment, Path workDir,
    Path logFile, int nodes, int gpusPerNode) {
  /** Validates and copies. */
  public LaunchSpec {
    Checks.notBlank(name, "name");
    command = List.copyOf(command);
    Checks.checkArgument(!command.isEmpty(), "command must not be empty");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workDir, "workDir == null");
    Objects.requireNonNull(logFile, "logFile == null");
    Checks.positive(nodes, "nodes");
    Checks.nonNegative(gpusPerNode, "gpusPerNode");
  }
}
