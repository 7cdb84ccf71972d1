package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class LlavaMedRecipeTest {
  @Test
  void stageDefaultsFollowTheLlavaMedRecipe() {
    LlavaMedRecipe s1 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 1).build();
    LlavaMedRecipe s2 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).build();

    assertThat(s1.epochs()).isEqualTo(1);
    assertThat(s1.learningRate()).isEqualTo(2e-3);
    assertThat(s1.globalBatchSize()).isEqualTo(128);
    assertThat(s1.perDeviceBatchSize()).isEqualTo(2);
    assertThat(s1.gradientAccumulationSteps()).isEqualTo(8);
    assertThat(s1.effectiveGlobalBatch()).isEqualTo(128);
    assertThat(s2.epochs()).isEqualTo(3);
    assertThat(s2.learningRate()).isEqualTo(2e-5);
    assertThat(s2.gradientAccumulationSteps()).isEqualTo(16);
    assertThat(s2.effectiveGlobalBatch()).isEqualTo(128);
    assertThat(s2.usesFsdp()).isTrue();
    assertThat(s2.zeroStage()).isZero();
    assertThat(s2.projectorType()).isEqualTo("linear");
  }

  @Test
  void llava15UsesZero2ThenZero3AndTheMlpProjector() {
    LlavaMedRecipe s1 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).build();
    LlavaMedRecipe s2 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).lora(true).build();

    assertThat(s1.zeroStage()).isEqualTo(2);
    assertThat(s2.zeroStage()).isEqualTo(3);
    assertThat(s2.usesFsdp()).isFalse();
    assertThat(s1.projectorType()).isEqualTo("mlp2x_gelu");
    assertThat(s1.visionTower()).isEqualTo("openai/clip-vit-large-patch14-336");
    assertThat(s2.lora()).isTrue();
  }

  @Test
  void theReadmeStageTwoCommandGivesSixtyFourAndTheCheckSuggestsSixteen() {
    LlavaMedRecipe readme = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .perDeviceBatchSize(1).gradientAccumulationSteps(8).gpusPerNode(8).build();

    assertThat(readme.effectiveGlobalBatch()).isEqualTo(64);
    assertThat(LlavaPreflight.batchArithmetic(readme)).hasValueSatisfying(f -> assertThat(
        f.message()).isEqualTo("global batch: per-device batch 1 x gradient accumulation 8 x 8 "
            + "GPUs x 1 node = 64, but the recipe's global batch is 128; set gradient "
            + "accumulation to 16 (--gradient-accumulation 16)"));
  }

  @Test
  void indivisibleBatchesExplainWhatToChange() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).gpusPerNode(3)
        .build();

    assertThat(r.gradientAccumulationSteps()).isEqualTo(43);
    assertThat(LlavaPreflight.batchArithmetic(r)).hasValueSatisfying(f -> assertThat(f.message())
        .contains("= 129, but the recipe's global batch is 128")
        .contains("no accumulation reaches 128 with 3 samples per pass"));
  }

  @Test
  void everyValueIsOverridableAndToBuilderRoundTrips() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).epochs(9)
        .learningRate(1e-5).globalBatchSize(32).perDeviceBatchSize(4).nodes(2).gpusPerNode(4)
        .modelMaxLength(1024).warmupRatio(0.1).saveSteps(100).reportTo("wandb")
        .extraArgument("--seed", "7").build();

    assertThat(r.gradientAccumulationSteps()).isEqualTo(1);
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.toString()).isEqualTo("LlavaMedRecipe{llava-med-v1 stage 2, template v0, epochs 9, lr 1e-5, "
        + "global batch 32 = 4 x 1 x 4 GPUs x 2 nodes}");
  }

  @Test
  void rejectsLoraForStageOneAndBadValues() {
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).lora(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("LoRA applies to stage 2");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 3))
        .hasMessage("stage must be 1 or 2 but was 3");
    assertThatThrownBy(() -> LlavaCodebase.fromId("llava-2"))
        .hasMessage("unknown recipe 'llava-2'; use one of llava-med-v1, llava-1.5");
  }
}
