package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.llava.PreflightFinding.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LlavaPreflightTest {
  @TempDir Path dir;
  Path images;
  Path data;

  @BeforeEach
  void data() throws Exception {
    images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("a.jpg"), new byte[] {1});
    data = dir.resolve("train.json");
    LlavaJson.write(data, List.of(
        InstructionSample.builder().id("1").image("a.jpg")
            .conversation(Conversation.of("Q", "A").withImageToken(true)).build()));
  }

  private TuningJob.Builder job() {
    return TuningJob.builder().stage(2).data(data).imageFolder(images)
        .outputDir(dir.resolve("out")).baseModel("/models/x");
  }

  private static LlavaMedRecipe.Builder recipe() {
    return LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .pretrainedProjector("s3://bucket/mm_projector.bin");
  }

  @Test
  void aConsistentPlanPasses() {
    assertThat(LlavaPreflight.requireOk(recipe().build(), job().build())).isEmpty();
  }

  @Test
  void listsEveryErrorWithItsFix() throws Exception {
    LlavaJson.write(data, List.of(
        InstructionSample.builder().id("no-token").image("a.jpg")
            .conversation(Conversation.of("Q", "A")).build(),
        InstructionSample.builder().id("lost").image("lost.jpg")
            .conversation(Conversation.of("Q", "A").withImageToken(false)).build()));
    Files.createDirectories(dir.resolve("out/checkpoint-200"));

    assertThatThrownBy(() -> LlavaPreflight.requireOk(
        recipe().gradientAccumulationSteps(8).build(), job().baseModel("").build()))
        .isInstanceOf(PreflightException.class)
        .satisfies(e -> assertThat(((PreflightException) e).findings())
            .extracting(PreflightFinding::check)
            .containsExactly("batch", "model", "images", "data", "output"))
        .hasMessageContaining("set gradient accumulation to 16")
        .hasMessageContaining("1 of 2 records name images missing from " + images
            + " (e.g. lost -> lost.jpg)")
        .hasMessageContaining("(e.g. no-token)")
        .hasMessageContaining("already holds a run (checkpoint-200)")
        .hasMessageContaining("Pass --resume");
  }

  @Test
  void resumingLoraOrOffloadRunsIsFlaggedFragile() throws Exception {
    Files.createDirectories(dir.resolve("out/checkpoint-10"));
    Files.createDirectories(dir.resolve("out/checkpoint-20"));

    List<PreflightFinding> lora = LlavaPreflight.requireOk(
        LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).lora(true)
            .pretrainedProjector("s3://x").build(), job().resume(true).build());
    List<PreflightFinding> plain = LlavaPreflight.requireOk(recipe().build(),
        job().resume(true).build());

    assertThat(lora).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("resuming a LoRA run is fragile").contains("checkpoint-20");
    });
    assertThat(plain).isEmpty();
  }

  @Test
  void missingDataAndNothingToResumeAreReported() {
    List<PreflightFinding> f = LlavaPreflight.check(recipe().build(),
        job().data(dir.resolve("nope.json")).resume(true).build());

    assertThat(f).extracting(PreflightFinding::message).anySatisfy(m -> assertThat(m)
        .contains("nope.json does not exist; export it first"));
    assertThat(f).extracting(PreflightFinding::message).anySatisfy(m -> assertThat(m)
        .contains("holds no checkpoint-*; the run starts from the beginning"));
  }
}
