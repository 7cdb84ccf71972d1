package org.biomedvital.tuning.llava;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Json;
import org.biomedvital.tuning.TuningJob;

/**
 * Renders a {@link LlavaMedRecipe} and a {@link TuningJob} into the exact launch: the {@code
 * torchrun} or {@code deepspeed} command with every training argument, the DeepSpeed JSON (ZeRO-2
 * for LLaVA-1.5 stage 1, ZeRO-3 for stage 2) or the FSDP arguments (LLaVA-Med v1.0 stage 2), and a
 * {@code launch.sh} script.
 *
 * <p>The training arguments are those of LLaVA's {@code train.py} ({@code ModelArguments}, {@code
 * DataArguments}, {@code TrainingArguments}). Every local path (data, images, output, DeepSpeed
 * config, projector, a base model given as an existing folder, the code checkout) is rendered
 * absolute, resolved when the launch is rendered: the command runs in the code checkout, so a
 * relative path would point into it. The DeepSpeed config is referenced inside the output folder
 * ({@code <out>/ds_config.json}); write the files there.
 *
 * <p>Without GPUs ({@code gpusPerNode(0)}) the launch is {@code torchrun} with the recipe's
 * processes per node, {@code --bf16 False} and neither {@code --tf32} nor FSDP (both need CUDA).
 */
public final class LlavaLaunchRenderer {
  /** The name of the DeepSpeed config file. */
  public static final String DEEPSPEED_FILE = "ds_config.json";
  /** The name of the launcher script. */
  public static final String SCRIPT_FILE = "launch.sh";

  private final LlavaMedRecipe recipe;
  private final Path codeDir;

  /**
   * A renderer.
   *
   * @param codeDir the checkout of the training code (LLaVA-Med or LLaVA) the command runs in
   */
  public LlavaLaunchRenderer(LlavaMedRecipe recipe, Path codeDir) {
    this.recipe = Objects.requireNonNull(recipe, "recipe == null");
    this.codeDir = absolute(Objects.requireNonNull(codeDir, "codeDir == null"));
  }

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }

  /** A base model or projector: made absolute when it names a local file or folder. */
  private static String localOrId(String value) {
    if (value.isBlank()) {
      return value;
    }
    try {
      Path p = Path.of(value);
      boolean local = java.nio.file.Files.exists(p) || value.startsWith("./")
          || value.startsWith("../") || value.startsWith("~");
      return local && !p.isAbsolute() ? absolute(p).toString() : value;
    } catch (java.nio.file.InvalidPathException e) {
      return value;
    }
  }

  /** The training arguments in order, as {@code --key value} pairs (flag name without dashes). */
  public Map<String, String> trainingArguments(TuningJob job) {
    LlavaMedRecipe r = recipe;
    boolean v1 = r.codebase() == LlavaCodebase.LLAVA_MED_V1;
    Map<String, String> a = new LinkedHashMap<>();
    Path out = absolute(job.outputDir());
    a.put("model_name_or_path", localOrId(job.baseModel()));
    a.put("version", r.conversationVersion());
    a.put("data_path", absolute(job.data()).toString());
    a.put("image_folder", absolute(job.imageFolder()).toString());
    a.put("vision_tower", r.visionTower());
    if (!v1) {
      a.put("mm_projector_type", r.projectorType());
    }
    if (r.stage() == 1) {
      a.put("tune_mm_mlp_adapter", "True");
    } else if (!r.pretrainedProjector().isBlank()) {
      String projector = r.pretrainedProjector();
      a.put("pretrain_mm_mlp_adapter", projector.contains("://") ? projector
          : absolute(Path.of(projector)).toString());
    }
    a.put("mm_vision_select_layer", "-2");
    a.put("mm_use_im_start_end", v1 ? "True" : "False");
    if (!v1) {
      a.put("mm_use_im_patch_token", "False");
      if (r.stage() == 2) {
        a.put("image_aspect_ratio", "pad");
        a.put("group_by_modality_length", "True");
      }
    }
    if (r.lora()) {
      a.put("lora_enable", "True");
      a.put("lora_r", Integer.toString(r.loraRank()));
      a.put("lora_alpha", Integer.toString(r.loraAlpha()));
      a.put("mm_projector_lr", LlavaMedRecipe.num(r.learningRate()));
    }
    if (r.zeroStage() > 0) {
      a.put("deepspeed", out.resolve(DEEPSPEED_FILE).toString());
    }
    a.put("bf16", r.cpuOnly() ? "False" : "True");
    a.put("output_dir", out.toString());
    a.put("num_train_epochs", LlavaMedRecipe.num(r.epochs()));
    a.put("per_device_train_batch_size", Integer.toString(r.perDeviceBatchSize()));
    a.put("per_device_eval_batch_size", "4");
    a.put("gradient_accumulation_steps", Integer.toString(r.gradientAccumulationSteps()));
    a.put("evaluation_strategy", "no");
    a.put("save_strategy", "steps");
    a.put("save_steps", Integer.toString(r.saveSteps()));
    a.put("save_total_limit", Integer.toString(r.saveTotalLimit()));
    a.put("learning_rate", LlavaMedRecipe.num(r.learningRate()));
    a.put("weight_decay", LlavaMedRecipe.num(r.weightDecay()));
    a.put("warmup_ratio", LlavaMedRecipe.num(r.warmupRatio()));
    a.put("lr_scheduler_type", r.lrScheduler());
    a.put("logging_steps", Integer.toString(r.loggingSteps()));
    if (!r.cpuOnly()) {
      a.put("tf32", "True");
    }
    if (r.usesFsdp() && !r.cpuOnly()) {
      a.put("fsdp", "full_shard auto_wrap");
      a.put("fsdp_transformer_layer_cls_to_wrap", "LlamaDecoderLayer");
    }
    a.put("model_max_length", Integer.toString(r.modelMaxLength()));
    a.put("gradient_checkpointing", "True");
    a.put("dataloader_num_workers", "4");
    a.put("lazy_preprocess", "True");
    a.put("report_to", r.reportTo());
    a.putAll(r.extraArguments());
    return a;
  }

  /** The launcher prefix (before the training script) for {@code kind}. */
  public List<String> launcher(LauncherKind kind) {
    LlavaMedRecipe r = recipe;
    List<String> c = new ArrayList<>();
    String gpus = Integer.toString(r.processesPerNode());
    switch (kind) {
      case LOCAL:
        if (r.codebase() == LlavaCodebase.LLAVA_1_5 && !r.cpuOnly()) {
          c.add("deepspeed");
          c.add("--num_gpus=" + gpus);
          c.add("--master_port=" + r.masterPort());
        } else {
          c.add("torchrun");
          c.add("--nnodes=" + r.nodes());
          c.add("--nproc_per_node=" + gpus);
          c.add("--master_port=" + r.masterPort());
        }
        break;
      case SLURM:
        c.add("torchrun");
        c.add("--nnodes=$SLURM_NNODES");
        c.add("--nproc_per_node=" + gpus);
        c.add("--rdzv_id=$SLURM_JOB_ID");
        c.add("--rdzv_backend=c10d");
        c.add("--rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT");
        break;
      case KUBERNETES:
        c.add("torchrun");
        c.add("--nnodes=" + r.nodes());
        c.add("--nproc_per_node=" + gpus);
        c.add("--node_rank=$RANK");
        c.add("--master_addr=$MASTER_ADDR");
        c.add("--master_port=$MASTER_PORT");
        break;
      default:
        throw new IllegalArgumentException("unknown launcher " + kind);
    }
    return c;
  }

  /** Renders the launch for {@code kind}. */
  public RenderedLaunch render(TuningJob job, LauncherKind kind) {
    List<String> command = new ArrayList<>(launcher(kind));
    command.add(recipe.trainScript());
    trainingArguments(job).forEach((k, v) -> {
      command.add("--" + k);
      command.add(v);
    });
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PYTHONUNBUFFERED", "1");
    if (kind == LauncherKind.SLURM) {
      env.put("MASTER_PORT", Integer.toString(recipe.masterPort()));
    }
    Map<String, String> files = new LinkedHashMap<>();
    RenderedLaunch draft = new RenderedLaunch(command, env, Map.of(), codeDir);
    files.put(SCRIPT_FILE, script(draft, env));
    if (recipe.zeroStage() > 0) {
      files.put(DEEPSPEED_FILE, deepSpeedConfig().toPrettyString() + "\n");
    }
    return new RenderedLaunch(command, env, files, codeDir);
  }

  private String script(RenderedLaunch draft, Map<String, String> env) {
    StringBuilder sb = new StringBuilder();
    sb.append("#!/usr/bin/env bash\n");
    sb.append("# ").append(recipe).append('\n');
    sb.append("# Rendered by biomed-vital; runs in the training code checkout.\n");
    sb.append("set -euo pipefail\n");
    sb.append("cd ").append(RenderedLaunch.quote(codeDir.toString())).append('\n');
    env.forEach((k, v) -> sb.append("export ").append(k).append('=')
        .append(RenderedLaunch.quote(v)).append('\n'));
    sb.append("exec ").append(draft.prettyCommandLine()).append('\n');
    return sb.toString();
  }

  /**
   * The DeepSpeed config: ZeRO-2 (stage 1) or ZeRO-3 (stage 2), batch sizes and precision left to
   * the Hugging Face integration ({@code "auto"}), CPU offload when the recipe asks for it.
   */
  public ObjectNode deepSpeedConfig() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.putObject("fp16").put("enabled", "auto");
    n.putObject("bf16").put("enabled", "auto");
    n.put("train_micro_batch_size_per_gpu", "auto");
    n.put("train_batch_size", "auto");
    n.put("gradient_accumulation_steps", "auto");
    n.put("gradient_clipping", "auto");
    ObjectNode z = n.putObject("zero_optimization");
    int stage = Math.max(2, recipe.zeroStage());
    z.put("stage", stage);
    z.put("overlap_comm", true);
    z.put("contiguous_gradients", true);
    z.put("sub_group_size", 1_000_000_000L);
    z.put("reduce_bucket_size", "auto");
    if (stage == 3) {
      z.put("stage3_prefetch_bucket_size", "auto");
      z.put("stage3_param_persistence_threshold", "auto");
      z.put("stage3_max_live_parameters", 1_000_000_000L);
      z.put("stage3_max_reuse_distance", 1_000_000_000L);
      z.put("stage3_gather_16bit_weights_on_model_save", true);
    }
    if (recipe.zeroOffload()) {
      z.putObject("offload_optimizer").put("device", "cpu").put("pin_memory", true);
      if (stage == 3) {
        z.putObject("offload_param").put("device", "cpu").put("pin_memory", true);
      }
    }
    return n;
  }
}
