package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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

  /** The settings records of a recipe, by name. */
  private static final Map<String, Function<LlavaMedRecipe, Record>> GROUPS = Map.of(
      "batch", LlavaMedRecipe::batchLayout, "schedule", LlavaMedRecipe::schedule,
      "checkpoints", LlavaMedRecipe::checkpointPolicy, "lora", LlavaMedRecipe::loraSettings,
      "model", LlavaMedRecipe::modelSettings, "launcher", LlavaMedRecipe::launcherSettings);

  @Test
  void everySettingTakesPartInEqualityAndHashCode() throws Exception {
    LlavaMedRecipe.Builder base = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2);
    LlavaMedRecipe original = base.build();
    Map<String, UnaryOperator<LlavaMedRecipe.Builder>> changes = new LinkedHashMap<>();
    changes.put("epochs", b -> b.epochs(2));
    changes.put("learningRate", b -> b.learningRate(1e-4));
    changes.put("weightDecay", b -> b.weightDecay(0.1));
    changes.put("warmupRatio", b -> b.warmupRatio(0.05));
    changes.put("lrScheduler", b -> b.lrScheduler("linear"));
    changes.put("globalBatchSize", b -> b.globalBatchSize(64));
    changes.put("perDeviceBatchSize", b -> b.perDeviceBatchSize(4));
    changes.put("gradientAccumulationSteps", b -> b.gradientAccumulationSteps(16));
    changes.put("gpusPerNode", b -> b.gpusPerNode(4));
    changes.put("processesPerNode", b -> b.processesPerNode(8));
    changes.put("nodes", b -> b.nodes(2));
    changes.put("saveSteps", b -> b.saveSteps(10));
    changes.put("saveTotalLimit", b -> b.saveTotalLimit(9));
    changes.put("loggingSteps", b -> b.loggingSteps(5));
    changes.put("lora", b -> b.lora(true));
    changes.put("loraRank", b -> b.loraRank(8));
    changes.put("loraAlpha", b -> b.loraAlpha(16));
    changes.put("modelMaxLength", b -> b.modelMaxLength(4096));
    changes.put("visionTower", b -> b.visionTower("other/tower"));
    changes.put("projectorType", b -> b.projectorType("linear"));
    changes.put("conversationVersion", b -> b.conversationVersion("v0"));
    changes.put("pretrainedProjector", b -> b.pretrainedProjector("/p/mm_projector.bin"));
    changes.put("trainScript", b -> b.trainScript("train.py"));
    changes.put("reportTo", b -> b.reportTo("wandb"));
    changes.put("masterPort", b -> b.masterPort(29500));
    changes.put("zeroOffload", b -> b.zeroOffload(true));
    Set<String> changed = new LinkedHashSet<>();
    for (Map.Entry<String, UnaryOperator<LlavaMedRecipe.Builder>> c : changes.entrySet()) {
      LlavaMedRecipe r = c.getValue().apply(original.toBuilder()).build();
      assertThat(r).as(c.getKey()).isNotEqualTo(original);
      assertThat(r.hashCode()).as(c.getKey()).isNotEqualTo(original.hashCode());
      assertThat(r.toBuilder().build()).as(c.getKey()).isEqualTo(r).hasSameHashCodeAs(r);
      List<String> diff = componentsThatDiffer(original, r);
      assertThat(diff).as(c.getKey()).hasSize(1);
      changed.addAll(diff);
    }
    Set<String> all = new LinkedHashSet<>();
    GROUPS.forEach((name, group) -> {
      for (RecordComponent rc : group.apply(original).getClass().getRecordComponents()) {
        all.add(name + "." + rc.getName());
      }
    });
    // Every component of every settings record is reachable by exactly one setter.
    assertThat(changed).containsExactlyInAnyOrderElementsOf(all);
    LlavaMedRecipe extra = original.toBuilder().extraArgument("seed", "7").build();
    assertThat(extra).isNotEqualTo(original);
    assertThat(extra.hashCode()).isNotEqualTo(original.hashCode());
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).build())
        .isNotEqualTo(original);
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).build()).isNotEqualTo(original);
  }

  private static List<String> componentsThatDiffer(LlavaMedRecipe a, LlavaMedRecipe b)
      throws ReflectiveOperationException {
    List<String> out = new java.util.ArrayList<>();
    for (Map.Entry<String, Function<LlavaMedRecipe, Record>> g : GROUPS.entrySet()) {
      Record ra = g.getValue().apply(a);
      Record rb = g.getValue().apply(b);
      for (RecordComponent rc : ra.getClass().getRecordComponents()) {
        if (!rc.getAccessor().invoke(ra).equals(rc.getAccessor().invoke(rb))) {
          out.add(g.getKey() + "." + rc.getName());
        }
      }
    }
    return out;
  }

  @Test
  void extraArgumentsKeepTheirOrder() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .extraArgument("z", "1").extraArgument("a", "2").extraArgument("m", "3").build();

    assertThat(r.extraArguments().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void theSettingsRecordsCheckTheirValuesNamingTheSetter() {
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).epochs(0))
        .hasMessage("epochs must be > 0 but was 0.0");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).nodes(0))
        .hasMessage("nodes must be > 0 but was 0");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).processesPerNode(0))
        .hasMessage("processesPerNode must be > 0 but was 0");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).masterPort(70000))
        .hasMessage("masterPort must be in [1, 65535] but was 70000");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).visionTower(" "))
        .hasMessage("visionTower must not be blank");
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).build().batchLayout())
        .isEqualTo(BatchLayout.STAGE_1);
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).build().schedule())
        .isEqualTo(TrainingSchedule.STAGE_2);
  }

  @Test
  void settingsTheLaunchWouldIgnoreAreRejected() {
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1)
        .pretrainedProjector("/p/mm_projector.bin").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Drop pretrainedProjector(...) (--projector) for stage 1");
    assertThatThrownBy(() -> LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .zeroOffload(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LLaVA-Med v1.0 shards with FSDP");
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).zeroOffload(true)
        .pretrainedProjector("/p/mm_projector.bin").build().zeroOffload()).isTrue();
  }
}
