package org.biomedvital.cli.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.flow.config.PipelineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code biomed-vital run}: runs the stages of a configuration file in order, resuming. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the configured pipeline stages in order, resuming where a run stopped.",
        "Stages: generate, judge, pairs, train, score, select, export, tune, evaluate, report."})
public final class RunCommand implements Callable<Integer>, CliCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The pipeline configuration (YAML; see docs/pipeline.md).")
  Path config;

  @Option(names = "--from", paramLabel = "STAGE",
      description = "Start at this stage (re-running it); earlier stages must be complete.")
  String from;

  @Option(names = "--to", paramLabel = "STAGE", description = "Stop after this stage.")
  String to;

  @Override
  public Integer call() {
    PipelineConfig cfg = PipelineConfig.load(config);
    VitalPipeline pipeline = cfg.toBuilder(from, to).build();
    run(pipeline, spec.commandLine().getOut());
    return withFailures(pipeline, spec.commandLine().getOut()).isEmpty() ? 0 : 3;
  }

  /**
   * The stages of the run's manifest that completed with failures within their budget, each
   * printed with its remaining failures by reason; exit code 3 when there are any.
   */
  static List<String> withFailures(VitalPipeline pipeline, java.io.PrintWriter out) {
    List<String> stages = new java.util.ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode manifest;
    try {
      manifest = org.biomedvital.internal.Json.mapper().readTree(
          pipeline.pipeline().manifestFile().toFile());
    } catch (java.io.IOException e) {
      throw new org.biomedvital.VitalException("cannot read " + pipeline.pipeline().manifestFile()
          + ": " + e.getMessage(), e);
    }
    manifest.path("stages").properties().forEach(e -> {
      if ("completed_with_failures".equals(e.getValue().path("status").asText())) {
        stages.add(e.getKey());
        com.fasterxml.jackson.databind.JsonNode r = e.getValue();
        out.println("stage " + e.getKey() + " completed with " + r.path("counts").path("failed").asLong()
            + " failure(s) remaining, within its budget: "
            + r.path("details").path("failures").asText("") + " (see "
            + r.path("details").path("failures_file").asText("") + "; run again to retry them)");
      }
    });
    out.flush();
    return stages;
  }

  static List<String> run(VitalPipeline pipeline, java.io.PrintWriter out) {
    if (System.getProperty("java.awt.headless") == null) {
      // The report draws its plots off-screen; never try to open a display.
      System.setProperty("java.awt.headless", "true");
    }
    List<String> ran = pipeline.run(ConsoleProgress.create(out));
    Path dir = pipeline.pipeline().outputDir();
    out.println("ran " + ran.size() + " stage(s)" + (ran.isEmpty() ? " (everything was complete)" : ": "
        + String.join(", ", ran)));
    out.println("manifest: " + pipeline.pipeline().manifestFile());
    Path report = dir.resolve("report/index.html");
    if (java.nio.file.Files.exists(report)) {
      out.println("report:   " + report);
    }
    out.flush();
    return ran;
  }
}
