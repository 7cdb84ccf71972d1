package org.biomedvital.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.VitalException;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PipelineTest {
  @TempDir Path dir;
  Path input;
  final List<String> calls = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  boolean failScore;

  final PipelineListener recorder = new PipelineListener() {
    @Override
    public void onStageStart(String stage, int index, int count) {
      events.add("start " + stage + " " + index + "/" + count);
    }

    @Override
    public void onProgress(StageProgress progress) {
      events.add("progress " + progress.stage() + " " + progress.done() + "/" + progress.total());
    }

    @Override
    public void onStageFinish(String stage, StageResult result, Duration elapsed) {
      events.add("finish " + stage);
    }

    @Override
    public void onStageSkipped(String stage, String reason) {
      events.add("skip " + stage + " (" + reason + ")");
    }

    @Override
    public void onStageFailed(String stage, RuntimeException error) {
      events.add("fail " + stage);
    }
  };

  @BeforeEach
  void writeInput() throws IOException {
    input = dir.resolve("words.txt");
    Files.writeString(input, "alpha\nbeta\ngamma\n");
  }

  /** upper: words -> upper.txt; count: upper.txt -> count.txt; score: count.txt -> score.txt. */
  private Pipeline.Builder pipeline() {
    return Pipeline.builder()
        .outputDir(dir.resolve("run"))
        .input("words", input)
        .setting("mode", "test")
        .version("fake-model", "1.2")
        .stage(Stage.of("upper", List.of("words"), List.of("upper.txt"), ctx -> {
          calls.add("upper");
          List<String> lines = read(ctx.existing("words"));
          List<String> out = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i).toUpperCase(java.util.Locale.ROOT));
            ctx.progress(i + 1, lines.size(), 0, 0.25 * (i + 1));
          }
          write(ctx.path("upper.txt"), String.join("\n", out));
          return StageResult.builder().count("words", out.size()).spend(0.75)
              .detail("model", "fake-model").detail("prompt_template", "tpl-v1").build();
        }))
        .stage(Stage.of("count", List.of("upper.txt"), List.of("count.txt"), ctx -> {
          calls.add("count");
          write(ctx.path("count.txt"), String.valueOf(read(ctx.existing("upper.txt")).size()));
          return StageResult.builder().count("lines", 1).detail("rubric_id", "rubric-v2").build();
        }))
        .stage(Stage.of("score", List.of("count.txt"), List.of("score.txt"), ctx -> {
          calls.add("score");
          if (failScore) {
            write(ctx.path("score.txt.partial"), "half");
            throw new VitalException("scorer exploded");
          }
          write(ctx.path("score.txt"), "score " + read(ctx.existing("count.txt")).get(0));
          return StageResult.EMPTY;
        }));
  }

  @Test
  void runsStagesInOrderAndReportsEvents() {
    List<String> ran = pipeline().build().run(recorder);

    assertThat(ran).containsExactly("upper", "count", "score");
    assertThat(calls).containsExactly("upper", "count", "score");
    assertThat(events).containsExactly("start upper 0/3", "progress upper 1/3",
        "progress upper 2/3", "progress upper 3/3", "finish upper", "start count 1/3",
        "finish count", "start score 2/3", "finish score");
    assertThat(read(dir.resolve("run/score.txt"))).containsExactly("score 3");
  }

  @Test
  void toBuilderRunsTheSameStagesWithTheSameSettings() throws IOException {
    Pipeline original = pipeline().seed(7).to("count").build();

    Pipeline copy = original.toBuilder().build();
    List<String> ran = copy.run(PipelineListener.NONE);

    assertThat(ran).containsExactly("upper", "count");
    assertThat(copy.stages()).isEqualTo(original.stages());
    assertThat(copy.outputDir()).isEqualTo(original.outputDir());
    assertThat(manifest().toString()).contains("\"mode\":\"test\"").contains("fake-model");
    calls.clear();
    assertThat(original.toBuilder().to("score").build().run(PipelineListener.NONE))
        .containsExactly("score");
  }

  @Test
  void aStageBothSkippedAndHandedInIsRejectedAtBuildInEitherOrder() {
    String fix = "stage 'count' is both skipped and handed in; a handed-in stage does not run "
        + "anyway: drop skip(\"count\") or provide(\"count\", ...)";
    List<Path> out = List.of(dir.resolve("count.txt"));

    assertThatThrownBy(() -> pipeline().skip("count").provide("count", out).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(fix);
    assertThatThrownBy(() -> pipeline().provide("count", out).skip("count").build())
        .isInstanceOf(IllegalStateException.class).hasMessage(fix);
  }

  @Test
  void stageResultToBuilderKeepsCountsSpendAndDetails() {
    StageResult r = StageResult.builder().count("a", 2).spend(0.5).detail("model", "m").build();

    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.toBuilder().spend(0.25).count("b", 1).build())
        .isEqualTo(new StageResult(java.util.Map.of("a", 2L, "b", 1L), 0.75, java.util.Map.of("model", "m")));
  }

  @Test
  void resumeSkipsCompleteStages() {
    pipeline().build().run(PipelineListener.NONE);
    calls.clear();

    List<String> ran = pipeline().build().run(recorder);

    assertThat(ran).isEmpty();
    assertThat(calls).isEmpty();
    assertThat(events).containsExactly("skip upper (complete)", "skip count (complete)",
        "skip score (complete)");
  }

  @Test
  void changedInputReRunsOnlyStagesWhoseInputsChanged() throws IOException {
    pipeline().build().run(PipelineListener.NONE);
    calls.clear();
    Files.writeString(input, "delta\nepsilon\nzeta\n");

    pipeline().build().run(PipelineListener.NONE);

    // upper.txt changes, count.txt is rewritten with the same content "3", so score stays complete.
    assertThat(calls).containsExactly("upper", "count");
  }

  @Test
  void editedOutputMakesItsStageRunAgain() throws IOException {
    pipeline().build().run(PipelineListener.NONE);
    calls.clear();
    Files.writeString(dir.resolve("run/count.txt"), "99");

    pipeline().build().run(PipelineListener.NONE);

    assertThat(calls).containsExactly("count");
    assertThat(read(dir.resolve("run/score.txt"))).containsExactly("score 3");
  }

  @Test
  void fromAndToLimitTheStagesAndFromForcesARerun() {
    pipeline().build().run(PipelineListener.NONE);
    calls.clear();

    pipeline().from("count").to("count").build().run(recorder);

    assertThat(calls).containsExactly("count");
    assertThat(events).containsExactly("skip upper (before --from)", "start count 1/3",
        "finish count", "skip score (after --to)");
  }

  @Test
  void toStopsEarlyAndALaterRunResumes() {
    pipeline().to("upper").build().run(PipelineListener.NONE);
    assertThat(calls).containsExactly("upper");
    assertThat(dir.resolve("run/count.txt")).doesNotExist();

    calls.clear();
    pipeline().build().run(PipelineListener.NONE);

    assertThat(calls).containsExactly("count", "score");
  }

  @Test
  void changedStageSettingsReRunTheStage() {
    pipeline().build().run(PipelineListener.NONE);
    calls.clear();
    Pipeline.Builder b = Pipeline.builder().outputDir(dir.resolve("run")).input("words", input);
    for (Stage s : pipeline().build().stages()) {
      b.stage(s.name().equals("count") ? s.withSettings("lines=all") : s);
    }

    b.build().run(PipelineListener.NONE);

    assertThat(calls).containsExactly("count");
  }

  @Test
  void sharedObjectsThatAreCloseableAreClosedAfterTheRun() {
    boolean[] closed = {false};
    Pipeline p = Pipeline.builder().outputDir(dir.resolve("run"))
        .stage(Stage.of("make", List.of(), List.of("m.txt"), ctx -> {
          ctx.share("thing", (AutoCloseable) () -> closed[0] = true);
          write(ctx.path("m.txt"), "x");
          return StageResult.EMPTY;
        }))
        .stage(Stage.of("use", List.of("m.txt"), List.of("u.txt"), ctx -> {
          assertThat(ctx.shared("thing", AutoCloseable.class)).isPresent();
          assertThat(closed[0]).isFalse();
          write(ctx.path("u.txt"), "y");
          return StageResult.EMPTY;
        }))
        .build();

    p.run(PipelineListener.NONE);

    assertThat(closed[0]).isTrue();
  }

  @Test
  void fromAfterToIsRejectedWithTheOrder() {
    assertThatThrownBy(() -> pipeline().from("score").to("upper").build().run(PipelineListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--from stage 'score' comes after --to stage 'upper'; the order is "
            + "[upper, count, score]");
  }

  @Test
  void unknownStageNamesAreRejectedWithTheStages() {
    assertThatThrownBy(() -> pipeline().from("tune").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no stage named 'tune'; the stages are [upper, count, score]");
  }

  @Test
  void failingStageKeepsEarlierOutputsAndRecordsTheFailure() throws IOException {
    failScore = true;
    byte[] before;

    assertThatThrownBy(() -> pipeline().build().run(recorder))
        .isInstanceOf(VitalException.class).hasMessage("scorer exploded");

    before = Files.readAllBytes(dir.resolve("run/count.txt"));
    assertThat(read(dir.resolve("run/upper.txt"))).containsExactly("ALPHA", "BETA", "GAMMA");
    assertThat(dir.resolve("run/score.txt.partial")).exists();
    assertThat(events).endsWith("start score 2/3", "fail score");
    JsonNode m = manifest();
    assertThat(m.at("/stages/upper/status").asText()).isEqualTo("completed");
    assertThat(m.at("/stages/count/status").asText()).isEqualTo("completed");
    assertThat(m.at("/stages/score/status").asText()).isEqualTo("failed");
    assertThat(m.at("/stages/score/error").asText()).isEqualTo("scorer exploded");

    failScore = false;
    calls.clear();
    pipeline().build().run(PipelineListener.NONE);

    assertThat(calls).containsExactly("score");
    assertThat(Files.readAllBytes(dir.resolve("run/count.txt"))).isEqualTo(before);
    assertThat(manifest().at("/stages/score/status").asText()).isEqualTo("completed");
  }

  @Test
  void manifestRecordsInputsSettingsVersionsCountsSpendAndOutputs() throws IOException {
    pipeline().build().run(PipelineListener.NONE);

    JsonNode m = manifest();

    assertThat(m.path("format").asText()).isEqualTo("biomed-vital-run-manifest/1");
    assertThat(m.at("/inputs/words/sha256").asText()).isEqualTo(Hashing.sha256Hex(input));
    assertThat(m.at("/inputs/words/bytes").asLong()).isEqualTo(Files.size(input));
    assertThat(m.at("/settings/mode").asText()).isEqualTo("test");
    assertThat(m.at("/versions/fake-model").asText()).isEqualTo("1.2");
    List<String> order = new ArrayList<>();
    m.path("stages").fieldNames().forEachRemaining(order::add);
    assertThat(order).containsExactly("upper", "count", "score");
    assertThat(m.at("/stages/upper/counts/words").asLong()).isEqualTo(3);
    assertThat(m.at("/stages/upper/spend_usd").asDouble()).isEqualTo(0.75);
    Path upper = dir.resolve("run/upper.txt").toAbsolutePath().normalize();
    assertThat(m.at("/stages/upper/outputs/upper.txt/path").asText()).isEqualTo(upper.toString());
    assertThat(m.at("/stages/upper/outputs/upper.txt/sha256").asText())
        .isEqualTo(Hashing.sha256Hex(upper));
    assertThat(m.at("/stages/count/inputs/upper.txt").asText()).isEqualTo(Hashing.sha256Hex(upper));
    assertThat(m.path("prompt_templates").toString()).isEqualTo("[\"tpl-v1\"]");
    assertThat(m.path("rubric_ids").toString()).isEqualTo("[\"rubric-v2\"]");
    assertThat(m.at("/models/upper.model").asText()).isEqualTo("fake-model");
    assertThat(m.path("spend_usd").asDouble()).isEqualTo(0.75);
    try (var files = Files.list(dir.resolve("run"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void handedInOutputReplacesTheStage() throws IOException {
    Path mine = dir.resolve("my-upper.txt");
    Files.writeString(mine, "ONE\nTWO");

    pipeline().provide("upper", List.of(mine)).build().run(recorder);

    assertThat(calls).containsExactly("count", "score");
    assertThat(read(dir.resolve("run/score.txt"))).containsExactly("score 2");
    assertThat(events).startsWith("skip upper (provided)");
    assertThat(manifest().at("/stages/upper/status").asText()).isEqualTo("provided");
    assertThat(manifest().at("/stages/upper/outputs/upper.txt/path").asText())
        .isEqualTo(mine.toAbsolutePath().normalize().toString());
  }

  @Test
  void handedInOutputThatDoesNotExistIsAnError() {
    Path missing = dir.resolve("nope.txt");

    assertThatThrownBy(() -> pipeline().provide("upper", List.of(missing)).build()
        .run(PipelineListener.NONE))
        .isInstanceOf(org.biomedvital.InvalidDataException.class)
        .hasMessage(missing.toAbsolutePath().normalize()
            + ": was handed in as output 'upper.txt' of stage 'upper' but does not exist; check the path");
  }

  @Test
  void missingInputNamesThePathAndTheStage() throws IOException {
    Files.delete(input);

    assertThatThrownBy(() -> pipeline().build().run(PipelineListener.NONE))
        .isInstanceOf(org.biomedvital.InvalidDataException.class)
        .hasMessage(input + ": is needed by stage 'upper' (as 'words') but does not exist; "
            + "run the stage that writes it or hand it in");
  }

  @Test
  void stageWithoutImplementationFailsOnlyWhenInRange() {
    Pipeline.Builder b = pipeline().stage(Stage.unimplemented("tune", List.of("score.txt"), List.of("tuned")));

    assertThat(b.to("score").build().run(PipelineListener.NONE)).contains("score");
    assertThatThrownBy(() -> b.to(null).build().run(PipelineListener.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stage 'tune' has no implementation; configure it, skip it, hand in its output, "
            + "or stop the run before it with --to");
  }

  @Test
  void stageThatForgetsItsOutputFails() {
    Pipeline p = Pipeline.builder().outputDir(dir.resolve("run"))
        .stage(Stage.of("lazy", List.of(), List.of("out.txt"), ctx -> StageResult.EMPTY)).build();

    assertThatThrownBy(() -> p.run(PipelineListener.NONE))
        .isInstanceOf(VitalException.class)
        .hasMessageStartingWith("stage 'lazy' finished but did not write its output 'out.txt'");
  }

  private JsonNode manifest() throws IOException {
    return Json.mapper().readTree(dir.resolve("run/run-manifest.json").toFile());
  }

  static List<String> read(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path p, String text) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
