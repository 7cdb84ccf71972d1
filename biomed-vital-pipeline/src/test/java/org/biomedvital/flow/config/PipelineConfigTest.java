package org.biomedvital.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.ProviderNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PipelineConfigTest {
  @TempDir Path dir;

  PipelineConfig load(String yaml) throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, yaml);
    return PipelineConfig.load(f);
  }

  String file() {
    return dir.resolve("p.yaml").toString();
  }

  @Test
  void unknownTopLevelKeyNamesTheLineAndTheAllowedKeys() {
    assertThatThrownBy(() -> load("output: run\noutptu: x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file() + ":2: unknown key 'outptu'; allowed top-level keys: concurrency, evaluate, "
            + "generate, inputs, judge, max-failure-rate, output, pairs, report, run, score, seed, select, train, tune");
  }

  @Test
  void unknownNestedKeyNamesItsPath() {
    assertThatThrownBy(() -> load("output: run\ngenerate:\n  candidate-per-figure: 2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file() + ":3: unknown key 'generate.candidate-per-figure'; allowed keys in "
            + "'generate': candidates-per-figure, generator, pricing, sampling");
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> load("output: run\ngenerate:\n  candidates-per-figure: two\n"))
        .hasMessage(file() + ":3: 'generate.candidates-per-figure' must be an integer >= 1 but was 'two'");
    assertThatThrownBy(() -> load("output: run\ngenerate:\n  sampling: {strategy: random}\n"))
        .hasMessage(file() + ":3: 'generate.sampling.strategy' must be one of per-domain, stratified, "
            + "k-center but was 'random'");
    assertThatThrownBy(() -> load("output: run\npairs:\n  human-weight: 0\n"))
        .hasMessage(file() + ":3: 'pairs.human-weight' must be a number in (0, 1000000000] but was '0'");
    assertThatThrownBy(() -> load("output: run\nrun:\n  from: generation\n"))
        .hasMessage(file() + ":3: 'run.from' must be one of generate, judge, pairs, train, score, select, "
            + "export, tune, evaluate, report but was 'generation'");
    assertThatThrownBy(() -> load("output: run\nseed: abc\n"))
        .hasMessage(file() + ":2: 'seed' must be an integer but was 'abc'");
    assertThatThrownBy(() -> load("output: run\ntune:\n  stage: 3\n"))
        .hasMessage(file() + ":3: 'tune.stage' must be one of 1, 2 but was '3'");
    assertThatThrownBy(() -> load("output: run\njudge:\n  judge: heuristic\n"))
        .hasMessage(file() + ":3: 'judge.judge' must be a mapping of [provider, settings] but is the "
            + "value 'heuristic'");
    assertThatThrownBy(() -> load("output: run\ninputs:\n  figure: f.json\n"))
        .hasMessage(file() + ":3: unknown key 'inputs.figure'; allowed keys in 'inputs': "
            + "clinician-pairs, demonstrations, figures, heldout, images");
  }

  @Test
  void missingOutputAndBrokenYamlAreReported() {
    assertThatThrownBy(() -> load("seed: 1\n"))
        .hasMessage(file() + ":1: the file needs 'output', the folder the run writes into");
    assertThatThrownBy(() -> load("output: [unclosed\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(file() + ":2:1: is not valid YAML");
  }

  @Test
  void anAliasBombIsRefusedWithOneLineNamingTheLineAndColumn() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 9; i++) {
      char prev = (char) ('a' + i);
      char next = (char) ('b' + i);
      y.append(next).append(": &").append(next).append(" [");
      for (int k = 0; k < 9; k++) {
        y.append(k == 0 ? "" : ", ").append('*').append(prev);
      }
      y.append("]\n");
    }
    y.append("output: run\n");

    assertThatThrownBy(() -> load(y.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file() + ":7:")
        .hasMessageContaining("uses more than 50 YAML aliases")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aDeeplyNestedDocumentGivesOneLineNotAStackOverflow() {
    String deep = "output: " + "[".repeat(5000) + "]".repeat(5000) + "\n";

    assertThatThrownBy(() -> load(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file() + ":1:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void relativePathsResolveAgainstTheConfigFolder() throws Exception {
    PipelineConfig c = load("output: out/run\ninputs:\n  figures: data/f.json\n  images: /abs/images\n");

    assertThat(c.output()).isEqualTo(dir.resolve("out/run"));
    assertThat(c.inputs.get("figures")).isEqualTo(dir.resolve("data/f.json"));
    assertThat(c.inputs.get("images")).isEqualTo(Path.of("/abs/images"));
  }

  @Test
  void unknownProviderIsAProviderNotFoundExceptionListingTheAvailableOnes() throws Exception {
    PipelineConfig c = load("output: run\ngenerate:\n  generator: {provider: nope}\n");

    assertThatThrownBy(c::toBuilder)
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("No InstructionGeneratorProvider named 'nope'. Available:")
        .hasMessageContaining("* fake-generator (org.biomedvital.testing.FakeProviders$Generator)");
  }

  @Test
  void onlyTheProvidersOfStagesInRangeAreLookedUp() throws Exception {
    PipelineConfig c = load("output: run\ngenerate:\n  generator: {provider: fake-generator}\n"
        + "tune:\n  runner: {provider: not-installed}\n");

    assertThat(c.toBuilder(null, "export").build().pipeline().stages()).hasSize(10);
    assertThatThrownBy(() -> c.toBuilder("score", null))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageStartingWith("No TuningRunnerProvider named 'not-installed'. Available:");
    assertThatThrownBy(() -> c.toBuilder("scoring", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no stage named 'scoring'; the stages are [generate,");
  }

  @Test
  void providesAndSkipsMapToTheBuilder() throws Exception {
    Files.writeString(dir.resolve("mine.jsonl"), "");
    PipelineConfig c = load("output: run\nrun:\n  provide: {generate: mine.jsonl}\n  skip: [tune]\n  to: select\n");

    assertThat(c.provide.get("generate")).containsExactly(dir.resolve("mine.jsonl"));
    assertThat(c.skip).containsExactly("tune");
    assertThat(c.toBuilder().build().pipeline().stages()).hasSize(10);
  }
}
