package org.biomedvital.tuning.llava;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * The LLaVA-Med training recipe for one stage, with every value overridable.
 *
 * <h2>Defaults (method.md section 4)</h2>
 *
 * <table>
 *   <caption>stage defaults</caption>
 *   <tr><th></th><th>stage 1: concept alignment</th><th>stage 2: instruction tuning</th></tr>
 *   <tr><td>trains</td><td>projector only</td><td>projector + language model</td></tr>
 *   <tr><td>epochs</td><td>1</td><td>3</td></tr>
 *   <tr><td>learning rate</td><td>2e-3</td><td>2e-5</td></tr>
 *   <tr><td>global batch</td><td>128</td><td>128</td></tr>
 *   <tr><td>per-device batch</td><td>2</td><td>1</td></tr>
 * </table>
 *
 * Both stages: weight decay 0, warm-up ratio 0.03, cosine schedule, max length 2048, bf16 and
 * tf32, gradient checkpointing, lazy preprocessing, vision tower frozen. The gradient accumulation
 * is derived from global batch / (per-device batch x GPUs per node x nodes) unless set.
 *
 * <p>{@link LlavaCodebase#LLAVA_MED_V1} uses CLIP ViT-L/14 at 224 px, a linear projector and
 * {@code <im_start>/<im_end>} tokens, launched with {@code torchrun} (FSDP in stage 2);
 * {@link LlavaCodebase#LLAVA_1_5} uses the 336 px tower, the {@code mlp2x_gelu} projector and
 * {@code deepspeed} (ZeRO-2 in stage 1, ZeRO-3 in stage 2). LoRA applies to stage 2.
 *
 * <pre>{@code
 * LlavaMedRecipe recipe = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
 *     .gpusPerNode(8).perDeviceBatchSize(1).build();   // accumulation 16 -> global batch 128
 * }</pre>
 *
 * <p>The settings are grouped into records, each with complete equality: {@link BatchLayout},
 * {@link TrainingSchedule}, {@link CheckpointPolicy}, {@link LoraSettings}, {@link ModelSettings}
 * and {@link LauncherSettings}; the flat accessors and setters read and write them.
 *
 * <p>Immutable. Over 400 lines because the flat accessors and builder setters (one per setting)
 * are the public, source-compatible surface every caller uses; the values and their checks live in
 * the records.
 */
public final class LlavaMedRecipe {
  /** The global batch both stages use. */
  public static final int DEFAULT_GLOBAL_BATCH = BatchLayout.DEFAULT_GLOBAL_BATCH;

  private final LlavaCodebase codebase;
  private final int stage;
  private final BatchLayout batch;
  private final TrainingSchedule schedule;
  private final CheckpointPolicy checkpoints;
  private final LoraSettings lora;
  private final ModelSettings model;
  private final LauncherSettings launcher;
  private final Map<String, String> extraArguments;

  private LlavaMedRecipe(Builder b) {
    this.codebase = b.codebase;
    this.stage = b.stage;
    this.batch = b.batch;
    this.schedule = b.schedule;
    this.checkpoints = b.checkpoints;
    this.lora = b.lora;
    this.model = b.model;
    this.launcher = b.launcher;
    this.extraArguments = Checks.orderedCopy(b.extraArguments);
  }

  /** A builder holding the defaults of {@code codebase} and {@code stage} (1 or 2). */
  public static Builder builder(LlavaCodebase codebase, int stage) {
    return new Builder(codebase, stage);
  }

  /** A builder holding this recipe's values. */
  public Builder toBuilder() {
    Builder b = new Builder(codebase, stage);
    b.batch = batch;
    b.schedule = schedule;
    b.checkpoints = checkpoints;
    b.lora = lora;
    b.model = model;
    b.launcher = launcher;
    b.extraArguments.putAll(extraArguments);
    return b;
  }

  /** The training code targeted. */
  public LlavaCodebase codebase() {
    return codebase;
  }

  /** 1 (concept alignment) or 2 (instruction tuning). */
  public int stage() {
    return stage;
  }

  /** The batch layout: global batch, per-device batch, accumulation, processes, GPUs, nodes. */
  public BatchLayout batchLayout() {
    return batch;
  }

  /** The schedule: epochs, learning rate, weight decay, warm-up, scheduler. */
  public TrainingSchedule schedule() {
    return schedule;
  }

  /** When checkpoints are saved and kept, and how often the run logs. */
  public CheckpointPolicy checkpointPolicy() {
    return checkpoints;
  }

  /** The LoRA settings (stage 2). */
  public LoraSettings loraSettings() {
    return lora;
  }

  /** Vision tower, projector, template, pretrained projector and sequence length. */
  public ModelSettings modelSettings() {
    return model;
  }

  /** Training script, {@code --report_to}, rendezvous port and ZeRO offload. */
  public LauncherSettings launcherSettings() {
    return launcher;
  }

  /** Training epochs. */
  public double epochs() {
    return schedule.epochs();
  }

  /** Peak learning rate. */
  public double learningRate() {
    return schedule.learningRate();
  }

  /** The intended global batch (samples per optimiser step over all GPUs). */
  public int globalBatchSize() {
    return batch.globalBatchSize();
  }

  /** Samples per GPU per forward pass. */
  public int perDeviceBatchSize() {
    return batch.perDeviceBatchSize();
  }

  /**
   * The gradient accumulation steps: as set, or derived as global batch / (per-device batch x
   * GPUs x nodes) rounded up (at least 1). Check with {@link LlavaPreflight} that the product
   * matches.
   */
  public int gradientAccumulationSteps() {
    return batch.gradientAccumulationSteps();
  }

  /** Whether the accumulation was set explicitly rather than derived. */
  public boolean accumulationExplicit() {
    return batch.accumulationExplicit();
  }

  /** The accumulation that makes the arithmetic closest to the global batch (rounded up). */
  public int suggestedAccumulation() {
    return batch.suggestedAccumulation();
  }

  /**
   * The global batch the launch actually gets: per-device x accumulation x processes per node x
   * nodes.
   */
  public int effectiveGlobalBatch() {
    return batch.effectiveGlobalBatch();
  }

  /** GPUs on each node; 0 for a CPU-only run. */
  public int gpusPerNode() {
    return batch.gpusPerNode();
  }

  /**
   * Training processes on each node ({@code --nproc_per_node}): as set, else one per GPU, else 1
   * on a CPU-only run.
   */
  public int processesPerNode() {
    return batch.processesPerNode();
  }

  /** Whether the run uses no GPU (CPU-only partitions and machines). */
  public boolean cpuOnly() {
    return batch.cpuOnly();
  }

  /** Nodes. */
  public int nodes() {
    return batch.nodes();
  }

  /** The maximum token length of a training sequence. */
  public int modelMaxLength() {
    return model.modelMaxLength();
  }

  /** Weight decay. */
  public double weightDecay() {
    return schedule.weightDecay();
  }

  /** Warm-up as a fraction of the steps. */
  public double warmupRatio() {
    return schedule.warmupRatio();
  }

  /** The Hugging Face scheduler name. */
  public String lrScheduler() {
    return schedule.lrScheduler();
  }

  /** Checkpoint every this many steps. */
  public int saveSteps() {
    return checkpoints.saveSteps();
  }

  /** Keep at most this many checkpoints. */
  public int saveTotalLimit() {
    return checkpoints.saveTotalLimit();
  }

  /** Log every this many steps. */
  public int loggingSteps() {
    return checkpoints.loggingSteps();
  }

  /** Whether LoRA adapters are trained instead of the full language model (stage 2). */
  public boolean lora() {
    return lora.enabled();
  }

  /** LoRA rank. */
  public int loraRank() {
    return lora.rank();
  }

  /** LoRA alpha. */
  public int loraAlpha() {
    return lora.alpha();
  }

  /** Whether DeepSpeed offloads optimizer state and parameters to CPU (LLaVA-1.5 only). */
  public boolean zeroOffload() {
    return launcher.zeroOffload();
  }

  /** The vision tower id. */
  public String visionTower() {
    return model.visionTower();
  }

  /** The projector type ({@code linear} or {@code mlp2x_gelu}). */
  public String projectorType() {
    return model.projectorType();
  }

  /** The conversation template name ({@code --version}). */
  public String conversationVersion() {
    return model.conversationVersion();
  }

  /**
   * Where the default conversation template comes from in the training code, so that a run can
   * be checked against it (and evaluation can use the same template).
   */
  public String conversationVersionSource() {
    String source;
    if (codebase == LlavaCodebase.LLAVA_MED_V1) {
      source = "LLaVA-Med v1.0 llava/train/train.py line 54, ModelArguments.version default "
          + "\"v0\" (its README commands pass no --version)";
    } else {
      source = stage == 1 ? "LLaVA-1.5 scripts/v1_5/pretrain.sh: --version plain"
          : "LLaVA-1.5 scripts/v1_5/finetune.sh: --version v1";
    }
    String codeDefault = ModelSettings.defaultConversationVersion(codebase, stage);
    return codeDefault.equals(conversationVersion()) ? source
        : "set explicitly; the recipe's default is " + codeDefault + " from " + source;
  }

  /** The stage-1 projector weights stage 2 starts from ({@code mm_projector.bin}); may be empty. */
  public String pretrainedProjector() {
    return model.pretrainedProjector();
  }

  /** The training entry point, relative to the training code's folder. */
  public String trainScript() {
    return launcher.trainScript();
  }

  /** The {@code --report_to} value. */
  public String reportTo() {
    return launcher.reportTo();
  }

  /** The rendezvous port. */
  public int masterPort() {
    return launcher.masterPort();
  }

  /** Additional {@code --key value} arguments, rendered last (they override nothing). */
  public Map<String, String> extraArguments() {
    return extraArguments;
  }

  /** The DeepSpeed ZeRO stage this recipe uses, or 0 for none (LLaVA-Med v1.0 uses FSDP). */
  public int zeroStage() {
    if (codebase != LlavaCodebase.LLAVA_1_5) {
      return 0;
    }
    return stage == 1 ? 2 : 3;
  }

  /** Whether stage 2 of LLaVA-Med v1.0 shards with FSDP. */
  public boolean usesFsdp() {
    return codebase == LlavaCodebase.LLAVA_MED_V1 && stage == 2;
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s.replaceAll("\\.?0+e", "e").replace("e-0", "e-").replace("e+0", "e");
    }
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** Equal when every setting is equal: codebase, stage, each settings record and the extras. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LlavaMedRecipe r && codebase == r.codebase && stage == r.stage
        && batch.equals(r.batch) && schedule.equals(r.schedule)
        && checkpoints.equals(r.checkpoints) && lora.equals(r.lora) && model.equals(r.model)
        && launcher.equals(r.launcher) && extraArguments.equals(r.extraArguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(codebase, stage, batch, schedule, checkpoints, lora, model, launcher,
        extraArguments);
  }

  @Override
  public String toString() {
    int gpus = gpusPerNode();
    return String.format(Locale.ROOT,
        "LlavaMedRecipe{%s stage %d, template %s, epochs %s, lr %s, global batch %d = %d x %d x %s "
            + "x %d nodes%s}", codebase.id(), stage, conversationVersion(), num(epochs()),
        num(learningRate()), globalBatchSize(), perDeviceBatchSize(), gradientAccumulationSteps(),
        cpuOnly() ? processesPerNode() + " CPU processes" : processesPerNode() == gpus
            ? gpus + " GPUs" : processesPerNode() + " processes on " + gpus + " GPUs",
        nodes(), lora() ? ", LoRA" : "");
  }

  /**
   * Builds recipes; starts from the stage's defaults ({@link BatchLayout#defaults}, {@link
   * TrainingSchedule#defaults}, {@link CheckpointPolicy#defaults}, {@link LoraSettings#DEFAULT},
   * {@link ModelSettings#defaults}, {@link LauncherSettings#DEFAULT}). Each setter replaces one
   * value of one settings record, whose constructor checks it at once.
   */
  public static final class Builder {
    private final LlavaCodebase codebase;
    private final int stage;
    private BatchLayout batch;
    private TrainingSchedule schedule;
    private CheckpointPolicy checkpoints;
    private LoraSettings lora = LoraSettings.DEFAULT;
    private ModelSettings model;
    private LauncherSettings launcher = LauncherSettings.DEFAULT;
    private final Map<String, String> extraArguments = new LinkedHashMap<>();

    private Builder(LlavaCodebase codebase, int stage) {
      this.codebase = Objects.requireNonNull(codebase, "codebase == null");
      Checks.checkArgument(stage == 1 || stage == 2, "stage must be 1 or 2 but was %d", stage);
      this.stage = stage;
      this.batch = BatchLayout.defaults(stage);
      this.schedule = TrainingSchedule.defaults(stage);
      this.checkpoints = CheckpointPolicy.defaults(stage);
      this.model = ModelSettings.defaults(codebase, stage);
    }

    /** Epochs; default 1 (stage 1) or 3 (stage 2). */
    public Builder epochs(double epochs) {
      TrainingSchedule s = schedule;
      schedule = new TrainingSchedule(epochs, s.learningRate(), s.weightDecay(), s.warmupRatio(),
          s.lrScheduler());
      return this;
    }

    /** Peak learning rate; default 2e-3 (stage 1) or 2e-5 (stage 2). */
    public Builder learningRate(double learningRate) {
      TrainingSchedule s = schedule;
      schedule = new TrainingSchedule(s.epochs(), learningRate, s.weightDecay(), s.warmupRatio(),
          s.lrScheduler());
      return this;
    }

    /** Weight decay; default {@link TrainingSchedule#DEFAULT_WEIGHT_DECAY}. */
    public Builder weightDecay(double weightDecay) {
      TrainingSchedule s = schedule;
      schedule = new TrainingSchedule(s.epochs(), s.learningRate(), weightDecay, s.warmupRatio(),
          s.lrScheduler());
      return this;
    }

    /** Warm-up ratio in [0, 1); default {@link TrainingSchedule#DEFAULT_WARMUP_RATIO}. */
    public Builder warmupRatio(double warmupRatio) {
      TrainingSchedule s = schedule;
      schedule = new TrainingSchedule(s.epochs(), s.learningRate(), s.weightDecay(), warmupRatio,
          s.lrScheduler());
      return this;
    }

    /** The scheduler name; default {@link TrainingSchedule#DEFAULT_LR_SCHEDULER}. */
    public Builder lrScheduler(String lrScheduler) {
      TrainingSchedule s = schedule;
      schedule = new TrainingSchedule(s.epochs(), s.learningRate(), s.weightDecay(),
          s.warmupRatio(), lrScheduler);
      return this;
    }

    /** The intended global batch; default {@link BatchLayout#DEFAULT_GLOBAL_BATCH}. */
    public Builder globalBatchSize(int globalBatchSize) {
      BatchLayout b = batch;
      batch = new BatchLayout(globalBatchSize, b.perDeviceBatchSize(), b.requestedAccumulation(),
          b.gpusPerNode(), b.requestedProcessesPerNode(), b.nodes());
      return this;
    }

    /** Samples per GPU per pass; default 2 (stage 1) or 1 (stage 2). */
    public Builder perDeviceBatchSize(int perDeviceBatchSize) {
      BatchLayout b = batch;
      batch = new BatchLayout(b.globalBatchSize(), perDeviceBatchSize, b.requestedAccumulation(),
          b.gpusPerNode(), b.requestedProcessesPerNode(), b.nodes());
      return this;
    }

    /** Gradient accumulation; default 0 = derived from the global batch. */
    public Builder gradientAccumulationSteps(int steps) {
      BatchLayout b = batch;
      batch = new BatchLayout(b.globalBatchSize(), b.perDeviceBatchSize(), steps, b.gpusPerNode(),
          b.requestedProcessesPerNode(), b.nodes());
      return this;
    }

    /**
     * GPUs per node; default {@link BatchLayout#DEFAULT_GPUS_PER_NODE}; 0 runs on CPUs only (no
     * GPU request, no bf16/tf32/FSDP).
     */
    public Builder gpusPerNode(int gpusPerNode) {
      BatchLayout b = batch;
      batch = new BatchLayout(b.globalBatchSize(), b.perDeviceBatchSize(),
          b.requestedAccumulation(), gpusPerNode, b.requestedProcessesPerNode(), b.nodes());
      return this;
    }

    /** Training processes per node; default one per GPU, or 1 without GPUs. */
    public Builder processesPerNode(int processes) {
      BatchLayout b = batch;
      batch = new BatchLayout(b.globalBatchSize(), b.perDeviceBatchSize(),
          b.requestedAccumulation(), b.gpusPerNode(), Checks.positive(processes,
              "processesPerNode"), b.nodes());
      return this;
    }

    /** Nodes; default {@link BatchLayout#DEFAULT_NODES}. */
    public Builder nodes(int nodes) {
      BatchLayout b = batch;
      batch = new BatchLayout(b.globalBatchSize(), b.perDeviceBatchSize(),
          b.requestedAccumulation(), b.gpusPerNode(), b.requestedProcessesPerNode(), nodes);
      return this;
    }

    /** Checkpoint interval in steps; default 2400 (stage 1) or 5000 (stage 2). */
    public Builder saveSteps(int saveSteps) {
      checkpoints = new CheckpointPolicy(saveSteps, checkpoints.saveTotalLimit(),
          checkpoints.loggingSteps());
      return this;
    }

    /** Checkpoints kept; default 1 (stage 1) or 3 (stage 2). */
    public Builder saveTotalLimit(int saveTotalLimit) {
      checkpoints = new CheckpointPolicy(checkpoints.saveSteps(), saveTotalLimit,
          checkpoints.loggingSteps());
      return this;
    }

    /** Logging interval; default {@link CheckpointPolicy#DEFAULT_LOGGING_STEPS}. */
    public Builder loggingSteps(int loggingSteps) {
      checkpoints = new CheckpointPolicy(checkpoints.saveSteps(), checkpoints.saveTotalLimit(),
          loggingSteps);
      return this;
    }

    /** Train LoRA adapters (stage 2); default false. */
    public Builder lora(boolean enabled) {
      lora = new LoraSettings(enabled, lora.rank(), lora.alpha());
      return this;
    }

    /** LoRA rank; default {@link LoraSettings#DEFAULT_RANK}. */
    public Builder loraRank(int loraRank) {
      lora = new LoraSettings(lora.enabled(), loraRank, lora.alpha());
      return this;
    }

    /** LoRA alpha; default {@link LoraSettings#DEFAULT_ALPHA}. */
    public Builder loraAlpha(int loraAlpha) {
      lora = new LoraSettings(lora.enabled(), lora.rank(), loraAlpha);
      return this;
    }

    /** Maximum sequence length; default {@link ModelSettings#DEFAULT_MODEL_MAX_LENGTH}. */
    public Builder modelMaxLength(int modelMaxLength) {
      ModelSettings m = model;
      model = new ModelSettings(m.visionTower(), m.projectorType(), m.conversationVersion(),
          m.pretrainedProjector(), modelMaxLength);
      return this;
    }

    /** The vision tower id or path; default {@link ModelSettings#defaults}. */
    public Builder visionTower(String visionTower) {
      ModelSettings m = model;
      model = new ModelSettings(visionTower, m.projectorType(), m.conversationVersion(),
          m.pretrainedProjector(), m.modelMaxLength());
      return this;
    }

    /** The projector type; default {@link ModelSettings#defaults}. */
    public Builder projectorType(String projectorType) {
      ModelSettings m = model;
      model = new ModelSettings(m.visionTower(), projectorType, m.conversationVersion(),
          m.pretrainedProjector(), m.modelMaxLength());
      return this;
    }

    /** The conversation template ({@code --version}); default {@link ModelSettings#defaults}. */
    public Builder conversationVersion(String version) {
      ModelSettings m = model;
      model = new ModelSettings(m.visionTower(), m.projectorType(), version,
          m.pretrainedProjector(), m.modelMaxLength());
      return this;
    }

    /** The stage-1 {@code mm_projector.bin} stage 2 starts from; default none. */
    public Builder pretrainedProjector(String path) {
      ModelSettings m = model;
      model = new ModelSettings(m.visionTower(), m.projectorType(), m.conversationVersion(), path,
          m.modelMaxLength());
      return this;
    }

    /** The training entry point; default {@link LauncherSettings#DEFAULT_TRAIN_SCRIPT}. */
    public Builder trainScript(String trainScript) {
      LauncherSettings l = launcher;
      launcher = new LauncherSettings(trainScript, l.reportTo(), l.masterPort(), l.zeroOffload());
      return this;
    }

    /** The {@code --report_to} value; default {@link LauncherSettings#DEFAULT_REPORT_TO}. */
    public Builder reportTo(String reportTo) {
      LauncherSettings l = launcher;
      launcher = new LauncherSettings(l.trainScript(), reportTo, l.masterPort(), l.zeroOffload());
      return this;
    }

    /** The rendezvous port; default {@link LauncherSettings#DEFAULT_MASTER_PORT}. */
    public Builder masterPort(int masterPort) {
      LauncherSettings l = launcher;
      launcher = new LauncherSettings(l.trainScript(), l.reportTo(), masterPort, l.zeroOffload());
      return this;
    }

    /** Offload ZeRO optimizer state and parameters to CPU (LLaVA-1.5); default false. */
    public Builder zeroOffload(boolean zeroOffload) {
      LauncherSettings l = launcher;
      launcher = new LauncherSettings(l.trainScript(), l.reportTo(), l.masterPort(), zeroOffload);
      return this;
    }

    /** Adds an extra {@code --key value} training argument (key without dashes). */
    public Builder extraArgument(String key, String value) {
      extraArguments.put(Checks.notBlank(key, "key").replaceFirst("^--", ""),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Builds the recipe.
     *
     * @throws IllegalStateException when LoRA or a pretrained projector is asked for stage 1 (only
     *     the projector trains, from scratch), or ZeRO offload for LLaVA-Med v1.0 (it uses FSDP,
     *     not DeepSpeed): settings the launch would otherwise ignore
     */
    public LlavaMedRecipe build() {
      Checks.checkState(!(lora.enabled() && stage == 1),
          "LoRA applies to stage 2; stage 1 trains only the projector. Drop lora(true) for stage 1");
      Checks.checkState(stage == 2 || model.pretrainedProjector().isEmpty(),
          "a pretrained projector applies to stage 2; stage 1 trains the projector from scratch. "
              + "Drop pretrainedProjector(...) (--projector) for stage 1");
      Checks.checkState(!(launcher.zeroOffload() && codebase == LlavaCodebase.LLAVA_MED_V1),
          "ZeRO offload applies to LLaVA-1.5 (DeepSpeed); LLaVA-Med v1.0 shards with FSDP. Drop "
              + "zeroOffload(true) (--zero-offload) or use LlavaCodebase.LLAVA_1_5");
      return new LlavaMedRecipe(this);
    }
  }
}
