package org.biomedvital.cli.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biomedvital.VitalIoException;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.flow.config.PipelineConfig;
import org.biomedvital.sample.SyntheticSample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code biomed-vital demo}: writes the synthetic sample data and a pipeline configuration into a
 * folder, then runs the whole flow offline on the embedded defaults.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole flow offline on synthetic sample data (not clinical data):",
        "caption-grounded generation, heuristic judge, clinician and model pairs, MiniLM + DJL scorer,",
        "top-80%% selection with domain quotas, LLaVA-Med export, a short in-JVM tuning run,",
        "evaluation on a held-out split, and the HTML report."})
public final class DemoCommand implements Callable<Integer>, CliCommand {
  /** The bundled configuration the demo writes to {@code DIR/pipeline.yaml}. */
  static final String CONFIG_RESOURCE = "/sample/demo-pipeline.yaml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The folder for the sample data, the configuration and the run.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "SEED",
      description = "The seed of the synthetic sample (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--from", paramLabel = "STAGE", description = "Start at this stage (re-running it).")
  String from;

  @Option(names = "--to", paramLabel = "STAGE", description = "Stop after this stage.")
  String to;

  @Override
  public Integer call() {
    var w = spec.commandLine().getOut();
    Path config = prepare(out, seed);
    w.println("synthetic sample (not clinical data) in " + out.resolve("sample"));
    w.println("configuration: " + config + "  (re-run with: biomed-vital run --config " + config + ")");
    w.flush();
    VitalPipeline pipeline = PipelineConfig.load(config).toBuilder(from, to).build();
    RunCommand.run(pipeline, w);
    return RunCommand.withFailures(pipeline, w).isEmpty() ? 0 : 3;
  }

  /** Writes the sample into {@code dir/sample} and the configuration to {@code dir/pipeline.yaml}. */
  static Path prepare(Path dir, long seed) {
    SyntheticSample.write(dir.resolve("sample"), seed);
    Path config = dir.resolve("pipeline.yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the demo configuration " + CONFIG_RESOURCE + " is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${seed}", Long.toString(seed));
      Files.writeString(config, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VitalIoException(config, "cannot write " + config + ": " + e.getMessage(), e);
    }
    return config;
  }
}
