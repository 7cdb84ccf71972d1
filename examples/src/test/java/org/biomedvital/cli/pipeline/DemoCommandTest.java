package org.biomedvital.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.cli.Main;
import org.biomedvital.flow.config.PipelineConfig;
import org.biomedvital.spi.InstructionGeneratorProvider;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheSampleAndAConfigThatLoads() throws Exception {
    Path config = DemoCommand.prepare(dir, 7);

    PipelineConfig c = PipelineConfig.load(config);

    assertThat(c.output()).isEqualTo(dir.resolve("run"));
    assertThat(c.inputs()).containsOnlyKeys("figures", "images", "demonstrations", "clinician-pairs", "heldout");
    c.inputs().values().forEach(p -> assertThat(p).exists());
    assertThat(c.candidatesPerFigure()).isEqualTo(2);
    assertThat(c.provider("generator")).hasValue("caption-grounded");
    assertThat(c.provider("judge")).hasValue("heuristic");
    assertThat(c.provider("embedder")).hasValue("minilm");
    assertThat(c.provider("runner")).hasValue("tiny");
    assertThat(c.provider("report")).hasValue("html");
    assertThat(Files.readString(dir.resolve("sample/README.txt"))).contains("SYNTHETIC");
  }

  @Test
  void stopsBeforeTheFirstStageWhoseProviderIsMissing() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "demo", "--out", dir.toString(),
        "--to", "generate");

    assertThat(out.toString()).contains("synthetic sample (not clinical data) in " + dir.resolve("sample"));
    if (Providers.available(InstructionGeneratorProvider.class).containsKey("caption-grounded")) {
      assertThat(code).as(err.toString()).isZero();
      assertThat(dir.resolve("run/candidates.jsonl")).exists();
      assertThat(out.toString()).contains("ran 1 stage(s): generate");
    } else {
      assertThat(code).isEqualTo(2);
      assertThat(err.toString())
          .startsWith("error: No InstructionGeneratorProvider named 'caption-grounded'. Available:")
          .contains("Add the biomed-vital module that provides it");
    }
  }

  @Test
  void aMissingProviderFailsWithTheClearProviderNotFoundMessage() throws Exception {
    Path config = DemoCommand.prepare(dir, 7);
    Files.writeString(config, Files.readString(config).replace("provider: tiny", "provider: not-installed"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "run", "--config", config.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).matches("(?s)error: No \\w+Provider named '[a-z-]+'\\. Available:\n.*"
        + "Add the biomed-vital module that provides it.*");
  }
}
