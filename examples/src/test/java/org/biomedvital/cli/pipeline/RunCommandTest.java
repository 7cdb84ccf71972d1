package org.biomedvital.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.cli.Main;
import org.biomedvital.sample.SyntheticSample;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** The {@code inputs} of a configuration over the synthetic sample written to {@code sample/}. */
  static final String SAMPLE_INPUTS = String.join("\n",
      "inputs:",
      "  figures: sample/figures.json",
      "  images: sample/images",
      "  demonstrations: sample/demonstrations.jsonl",
      "  clinician-pairs: sample/clinician-pairs.json",
      "  heldout: sample/heldout/qa50.jsonl");

  static final String CONFIG = String.join("\n",
      "output: run",
      "seed: 3",
      SAMPLE_INPUTS,
      "generate:",
      "  generator: {provider: fake-generator}",
      "  sampling: {strategy: per-domain, k: 1}",
      "  candidates-per-figure: 2",
      "  pricing: {input-per-million: 5, output-per-million: 15}",
      "judge:",
      "  judge: {provider: fake-judge}",
      "pairs:",
      "  human-weight: 100",
      "train:",
      "  scorer: {provider: fake-scorer}",
      "  sweep: [1, 10, 100, 400]",
      "select:",
      "  selectors:",
      "    - {provider: fake-top-fraction, settings: {fraction: 0.8}}",
      "tune:",
      "  runner: {provider: fake-runner, settings: {steps: 25}}",
      "  parameters: {learning_rate: 2e-5}",
      "evaluate: {provider: fake-evaluation}",
      "report: {provider: html}",
      "");

  int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  Path config() throws Exception {
    SyntheticSample.write(dir.resolve("sample"), 3);
    Path c = dir.resolve("pipeline.yaml");
    Files.writeString(c, CONFIG);
    return c;
  }

  @Test
  void runsTheWholeFlowFromTheConfigAndWritesTheReport() throws Exception {
    Path c = config();

    int code = run("run", "--config", c.toString());

    assertThat(code).as(err.toString()).isZero();
    Path run = dir.resolve("run");
    assertThat(out.toString()).contains("[1/10] generate ...").contains("generate done in")
        .contains("ran 10 stage(s): generate, judge, pairs, train, score, select, export, tune, evaluate, report")
        .contains("report:   " + run.resolve("report/index.html"));
    JsonNode m = Json.mapper().readTree(run.resolve("run-manifest.json").toFile());
    assertThat(m.at("/stages/generate/counts/candidates").asLong()).isEqualTo(80);
    assertThat(m.at("/stages/generate/spend_usd").asDouble()).isGreaterThan(0);
    assertThat(m.at("/settings/config_sha256").asText()).hasSize(64);
    assertThat(m.at("/settings/human_weight_sweep").asText()).isEqualTo("1,10,100,400");
    assertThat(m.at("/versions/generator").asText()).isEqualTo("fake-generator");
    assertThat(m.at("/inputs/clinician-pairs/sha256").asText()).hasSize(64);
    JsonNode selection = Json.mapper().readTree(run.resolve("selection.json").toFile());
    assertThat(selection.path("count_selected").asInt()).isEqualTo(64);
    String html = Files.readString(run.resolve("report/index.html"));
    assertThat(html).contains("id=\"domain-mix\"").contains("id=\"score-histogram\"")
        .contains("id=\"alignment-sweep\"").contains("id=\"scorer-loss\"").contains("id=\"tuning-loss\"")
        .contains("Held-out questions").contains("fake-template-v1").contains("fake-rubric-v1");
    assertThat(Files.readString(run.resolve("scorer/model/fake-scorer.txt"))).isEqualTo("embedder=");
  }

  @Test
  void resumesAndRunsOnlyTheRequestedRange() throws Exception {
    Path c = config();
    assertThat(run("run", "--config", c.toString(), "--to", "pairs")).isZero();
    out.getBuffer().setLength(0);

    int code = run("run", "--config", c.toString(), "--to", "select");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("generate skipped (complete)").contains("pairs skipped (complete)")
        .contains("ran 3 stage(s): train, score, select").contains("tune skipped (after --to)");
    out.getBuffer().setLength(0);

    code = run("run", "--config", c.toString(), "--from", "score", "--to", "export");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("train skipped (before --from)")
        .contains("ran 2 stage(s): score, export");
  }

  @Test
  void badStageNameIsABadArgument() throws Exception {
    Path c = config();

    int code = run("run", "--config", c.toString(), "--from", "generation");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no stage named 'generation'; the stages are [generate, judge,");
  }

  @Test
  void providerRejectingItsSettingsIsABadArgument() throws Exception {
    Path c = config();
    Files.writeString(c, CONFIG.replace("fake-runner, settings: {steps: 25}",
        "fake-runner, settings: {steps: lots}"));

    int code = run("run", "--config", c.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("setting 'steps' must be an integer but was 'lots'");
  }
}
