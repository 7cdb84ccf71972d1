package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.biomedvital.internal.Json;
import org.biomedvital.tuning.TuningJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LlavaLaunchRendererTest {
  private static TuningJob job(int stage) {
    return TuningJob.builder().stage(stage).data(Path.of("/data/train.json"))
        .imageFolder(Path.of("/data/images")).outputDir(Path.of("/runs/s" + stage))
        .baseModel("/models/llava-7b").build();
  }

  @Test
  void rendersTheLlavaMedStageTwoTorchrunCommandWithFsdp() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .pretrainedProjector("/runs/s1/mm_projector.bin").build();

    RenderedLaunch launch = new LlavaLaunchRenderer(r, Path.of("/code/LLaVA-Med"))
        .render(job(2), LauncherKind.LOCAL);

    assertThat(launch.commandLine()).isEqualTo("torchrun --nnodes=1 --nproc_per_node=8 "
        + "--master_port=25001 llava/train/train_mem.py --model_name_or_path /models/llava-7b "
        + "--version v0 --data_path /data/train.json --image_folder /data/images --vision_tower "
        + "openai/clip-vit-large-patch14 --pretrain_mm_mlp_adapter /runs/s1/mm_projector.bin "
        + "--mm_vision_select_layer -2 --mm_use_im_start_end True --bf16 True --output_dir "
        + "/runs/s2 --num_train_epochs 3 --per_device_train_batch_size 1 "
        + "--per_device_eval_batch_size 4 --gradient_accumulation_steps 16 --evaluation_strategy "
        + "no --save_strategy steps --save_steps 5000 --save_total_limit 3 --learning_rate 2e-5 "
        + "--weight_decay 0 --warmup_ratio 0.03 --lr_scheduler_type cosine --logging_steps 1 "
        + "--tf32 True --fsdp 'full_shard auto_wrap' --fsdp_transformer_layer_cls_to_wrap "
        + "LlamaDecoderLayer --model_max_length 2048 --gradient_checkpointing True "
        + "--dataloader_num_workers 4 --lazy_preprocess True --report_to none");
    assertThat(launch.files()).containsOnlyKeys("launch.sh");
    assertThat(launch.files().get("launch.sh")).startsWith("#!/usr/bin/env bash\n")
        .contains("set -euo pipefail\ncd /code/LLaVA-Med\nexport PYTHONUNBUFFERED=1\n"
            + "exec torchrun --nnodes=1 --nproc_per_node=8 --master_port=25001 "
            + "llava/train/train_mem.py \\\n    --model_name_or_path /models/llava-7b \\\n");
  }

  @Test
  void rendersLlava15StageOneWithDeepSpeedZeroTwo() throws Exception {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).gpusPerNode(4)
        .perDeviceBatchSize(32).build();

    RenderedLaunch launch = new LlavaLaunchRenderer(r, Path.of("/code/LLaVA"))
        .render(job(1), LauncherKind.LOCAL);

    assertThat(launch.command()).startsWith("deepspeed", "--num_gpus=4", "--master_port=25001",
        "llava/train/train_mem.py");
    assertThat(launch.commandLine()).contains("--version plain")
        .contains("--mm_projector_type mlp2x_gelu --tune_mm_mlp_adapter True")
        .contains("--mm_use_im_start_end False --mm_use_im_patch_token False")
        .contains("--deepspeed /runs/s1/ds_config.json")
        .contains("--gradient_accumulation_steps 1 ")
        .doesNotContain("--fsdp");
    JsonNode ds = Json.mapper().readTree(launch.files().get("ds_config.json"));
    assertThat(ds.path("zero_optimization").path("stage").asInt()).isEqualTo(2);
    assertThat(ds.path("train_micro_batch_size_per_gpu").asText()).isEqualTo("auto");
  }

  @Test
  void rendersLlava15StageTwoLoraWithZeroThreeAndOffload() throws Exception {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).lora(true)
        .zeroOffload(true).build();

    RenderedLaunch launch = new LlavaLaunchRenderer(r, Path.of("/code/LLaVA"))
        .render(job(2), LauncherKind.LOCAL);

    assertThat(launch.commandLine()).contains("--lora_enable True --lora_r 128 --lora_alpha 256 "
        + "--mm_projector_lr 2e-5").contains("--image_aspect_ratio pad");
    JsonNode z = Json.mapper().readTree(launch.files().get("ds_config.json"))
        .path("zero_optimization");
    assertThat(z.path("stage").asInt()).isEqualTo(3);
    assertThat(z.path("offload_param").path("device").asText()).isEqualTo("cpu");
    assertThat(z.path("stage3_gather_16bit_weights_on_model_save").asBoolean()).isTrue();
  }

  @Test
  void slurmAndKubernetesUseTorchrunRendezvous() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).nodes(4).build();
    LlavaLaunchRenderer renderer = new LlavaLaunchRenderer(r, Path.of("/code"));

    RenderedLaunch slurm = renderer.render(job(2), LauncherKind.SLURM);
    RenderedLaunch k8s = renderer.render(job(2), LauncherKind.KUBERNETES);

    assertThat(slurm.commandLine()).startsWith("torchrun \"--nnodes=$SLURM_NNODES\" "
        + "--nproc_per_node=8 \"--rdzv_id=$SLURM_JOB_ID\" --rdzv_backend=c10d "
        + "\"--rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT\" llava/train/train_mem.py");
    assertThat(slurm.environment()).containsEntry("MASTER_PORT", "25001");
    assertThat(k8s.command()).startsWith("torchrun", "--nnodes=4", "--nproc_per_node=8",
        "--node_rank=$RANK", "--master_addr=$MASTER_ADDR", "--master_port=$MASTER_PORT");
  }

  @Test
  void writesExecutableScriptAndConfig(@TempDir Path dir) {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).build();

    Map<String, Path> files = new LlavaLaunchRenderer(r, Path.of("/code"))
        .render(job(2), LauncherKind.LOCAL).write(dir);

    assertThat(files).containsOnlyKeys("launch.sh", "ds_config.json");
    assertThat(Files.isExecutable(files.get("launch.sh"))).isTrue();
  }

  @Test
  void quotesShellWords() {
    assertThat(RenderedLaunch.quote("a b")).isEqualTo("'a b'");
    assertThat(RenderedLaunch.quote("it's")).isEqualTo("'it'\"'\"'s'");
    assertThat(RenderedLaunch.quote("--x=$HOME/a b")).isEqualTo("\"--x=$HOME/a b\"");
    assertThat(RenderedLaunch.quote("/plain/path.json")).isEqualTo("/plain/path.json");
  }

  @Test
  void llavaMedV1UsesItsCodesDefaultTemplateV0AndEveryRecipeNamesItsSource() {
    LlavaMedRecipe med = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 1).build();
    assertThat(med.conversationVersion()).isEqualTo("v0");
    assertThat(med.conversationVersionSource()).contains("llava/train/train.py line 54")
        .contains("\"v0\"");
    assertThat(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).build()
        .conversationVersion()).isEqualTo("v0");
    LlavaMedRecipe l15s1 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 1).build();
    LlavaMedRecipe l15s2 = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).build();
    assertThat(l15s1.conversationVersion()).isEqualTo("plain");
    assertThat(l15s1.conversationVersionSource()).contains("scripts/v1_5/pretrain.sh");
    assertThat(l15s2.conversationVersion()).isEqualTo("v1");
    assertThat(l15s2.conversationVersionSource()).contains("scripts/v1_5/finetune.sh");
    LlavaMedRecipe overridden = med.toBuilder().conversationVersion("v1").build();
    assertThat(new LlavaLaunchRenderer(overridden, Path.of("/c")).trainingArguments(job(1)))
        .containsEntry("version", "v1");
    assertThat(overridden.toString()).contains("template v1");
  }

  @Test
  void aCpuOnlyRecipeRequestsNoGpuAndRunsItsProcessesWithoutCudaOnlyFlags() {
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).gpusPerNode(0)
        .processesPerNode(2).perDeviceBatchSize(4).build();

    RenderedLaunch launch = new LlavaLaunchRenderer(r, Path.of("/code/LLaVA"))
        .render(job(2), LauncherKind.LOCAL);

    assertThat(r.cpuOnly()).isTrue();
    assertThat(r.gradientAccumulationSteps()).isEqualTo(16);
    assertThat(r.effectiveGlobalBatch()).isEqualTo(128);
    assertThat(r.toString()).contains("4 x 16 x 2 CPU processes x 1 nodes");
    assertThat(launch.command()).startsWith("torchrun", "--nnodes=1", "--nproc_per_node=2");
    assertThat(launch.commandLine()).contains("--bf16 False").doesNotContain("--tf32")
        .doesNotContain("--fsdp");
    LlavaMedRecipe one = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).gpusPerNode(0)
        .build();
    assertThat(one.processesPerNode()).isEqualTo(1);
    assertThat(new LlavaLaunchRenderer(one, Path.of("/c")).launcher(LauncherKind.SLURM))
        .contains("--nproc_per_node=1");
  }

  @Test
  void relativePathsAreRenderedAbsoluteResolvedWhenRendering(@TempDir Path tmp) throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path model = Files.createDirectories(tmp.resolve("model"));
    String relModel = cwd.relativize(model).toString();
    TuningJob job = TuningJob.builder().data(Path.of("rel/train.json"))
        .imageFolder(Path.of("rel/images")).outputDir(Path.of("rel-out")).baseModel(relModel)
        .build();
    LlavaMedRecipe r = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2)
        .pretrainedProjector("stage1/mm_projector.bin").build();

    Map<String, String> a = new LlavaLaunchRenderer(r, Path.of("code"))
        .trainingArguments(job);
    RenderedLaunch launch = new LlavaLaunchRenderer(r, Path.of("code"))
        .render(job, LauncherKind.SLURM);

    assertThat(a).containsEntry("data_path", cwd.resolve("rel/train.json").toString())
        .containsEntry("image_folder", cwd.resolve("rel/images").toString())
        .containsEntry("output_dir", cwd.resolve("rel-out").toString())
        .containsEntry("deepspeed", cwd.resolve("rel-out/ds_config.json").toString())
        .containsEntry("pretrain_mm_mlp_adapter",
            cwd.resolve("stage1/mm_projector.bin").toString())
        .containsEntry("model_name_or_path", model.toString());
    assertThat(launch.workDir()).isEqualTo(cwd.resolve("code"));
    assertThat(launch.files().get("launch.sh")).contains("cd " + cwd.resolve("code") + "\n");
    // A hub id stays as it is.
    TuningJob hub = TuningJob.builder().data(Path.of("t.json")).imageFolder(Path.of("i"))
        .outputDir(Path.of("o")).baseModel("lmsys/vicuna-7b-v1.5").build();
    assertThat(new LlavaLaunchRenderer(r, Path.of("code")).trainingArguments(hub))
        .containsEntry("model_name_or_path", "lmsys/vicuna-7b-v1.5");
  }
}
