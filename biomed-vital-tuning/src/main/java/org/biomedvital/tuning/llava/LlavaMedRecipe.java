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
 * <p>Immutable.
 */
public final class LlavaMedRecipe {
  /** The global batch both stages use. */
  public static final int DEFAULT_GLOBAL_BATCH = 128;

  private final LlavaCodebase codebase;
  private final int stage;
  private final double epochs;
  private final double learningRate;
  private final int globalBatchSize;
  private final int perDeviceBatchSize;
  private final int gradientAccumulationSteps;
  private final int gpusPerNode;
  private final int processesPerNode;
  private final int nodes;
  private final int modelMaxLength;
  private final double weightDecay;
  private final double warmupRatio;
  private final String lrScheduler;
  private final int saveSteps;
  private final int saveTotalLimit;
  private final int loggingSteps;
  private final boolean lora;
  private final int loraRank;
  private final int loraAlpha;
  private final boolean zeroOffload;
  private final String visionTower;
  private final String projectorType;
  private final String conversationVersion;
  private final String pretrainedProjector;
  private final String trainScript;
  private final String reportTo;
  private final int masterPort;
  private final Map<String, String> extraArguments;

  private LlavaMedRecipe(Builder b) {
    this.codebase = b.codebase;
    this.stage = b.stage;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.globalBatchSize = b.globalBatchSize;
    this.perDeviceBatchSize = b.perDeviceBatchSize;
    this.gradientAccumulationSteps = b.gradientAccumulationSteps;
    this.gpusPerNode = b.gpusPerNode;
    this.processesPerNode = b.processesPerNode;
    this.nodes = b.nodes;
    this.modelMaxLength = b.modelMaxLength;
    this.weightDecay = b.weightDecay;
    this.warmupRatio = b.warmupRatio;
    this.lrScheduler = b.lrScheduler;
    this.saveSteps = b.saveSteps;
    this.saveTotalLimit = b.saveTotalLimit;
    this.loggingSteps = b.loggingSteps;
    this.lora = b.lora;
    this.loraRank = b.loraRank;
    this.loraAlpha = b.loraAlpha;
    this.zeroOffload = b.zeroOffload;
    this.visionTower = b.visionTower;
    this.projectorType = b.projectorType;
    this.conversationVersion = b.conversationVersion;
    this.pretrainedProjector = b.pretrainedProjector;
    this.trainScript = b.trainScript;
    this.reportTo = b.reportTo;
    this.masterPort = b.masterPort;
    this.extraArguments = Map.copyOf(b.extraArguments);
  }

  /** A builder holding the defaults of {@code codebase} and {@code stage} (1 or 2). */
  public static Builder builder(LlavaCodebase codebase, int stage) {
    return new Builder(codebase, stage);
  }

  /** A builder holding this recipe's values. */
  public Builder toBuilder() {
    Builder b = new Builder(codebase, stage);
    b.epochs = epochs;
    b.learningRate = learningRate;
    b.globalBatchSize = globalBatchSize;
    b.perDeviceBatchSize = perDeviceBatchSize;
    b.gradientAccumulationSteps = gradientAccumulationSteps;
    b.gpusPerNode = gpusPerNode;
    b.processesPerNode = processesPerNode;
    b.nodes = nodes;
    b.modelMaxLength = modelMaxLength;
    b.weightDecay = weightDecay;
    b.warmupRatio = warmupRatio;
    b.lrScheduler = lrScheduler;
    b.saveSteps = saveSteps;
    b.saveTotalLimit = saveTotalLimit;
    b.loggingSteps = loggingSteps;
    b.lora = lora;
    b.loraRank = loraRank;
    b.loraAlpha = loraAlpha;
    b.zeroOffload = zeroOffload;
    b.visionTower = visionTower;
    b.projectorType = projectorType;
    b.conversationVersion = conversationVersion;
    b.pretrainedProjector = pretrainedProjector;
    b.trainScript = trainScript;
    b.reportTo = reportTo;
    b.masterPort = masterPort;
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

  /** Training epochs. */
  public double epochs() {
    return epochs;
  }

  /** Peak learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The intended global batch (samples per optimiser step over all GPUs). */
  public int globalBatchSize() {
    return globalBatchSize;
  }

  /** Samples per GPU per forward pass. */
  public int perDeviceBatchSize() {
    return perDeviceBatchSize;
  }

  /**
   * The gradient accumulation steps: as set, or derived as global batch / (per-device batch x
   * GPUs x nodes) rounded up (at least 1). Check with {@link LlavaPreflight} that the product
   * matches.
   */
  public int gradientAccumulationSteps() {
    if (gradientAccumulationSteps > 0) {
      return gradientAccumulationSteps;
    }
    return suggestedAccumulation();
  }

  /** Whether the accumulation was set explicitly rather than derived. */
  public boolean accumulationExplicit() {
    return gradientAccumulationSteps > 0;
  }

  /** The accumulation that makes the arithmetic closest to the global batch (rounded up). */
  public int suggestedAccumulation() {
    int perStep = perDeviceBatchSize * processesPerNode() * nodes;
    return Math.max(1, (globalBatchSize + perStep - 1) / perStep);
  }

  /**
   * The global batch the launch actually gets: per-device x accumulation x processes per node x
   * nodes.
   */
  public int effectiveGlobalBatch() {
    return perDeviceBatchSize * gradientAccumulationSteps() * processesPerNode() * nodes;
  }

  /** GPUs on each node; 0 for a CPU-only run. */
  public int gpusPerNode() {
    return gpusPerNode;
  }

  /**
   * Training processes on each node ({@code --nproc_per_node}): as set, else one per GPU, else 1
   * on a CPU-only run.
   */
  public int processesPerNode() {
    return processesPerNode > 0 ? processesPerNode : Math.max(1, gpusPerNode);
  }

  /** Whether the run uses no GPU (CPU-only partitions and machines). */
  public boolean cpuOnly() {
    return gpusPerNode == 0;
  }

  /** Nodes. */
  public int nodes() {
    return nodes;
  }

  /** The maximum token length of a training sequence. */
  public int modelMaxLength() {
    return modelMaxLength;
  }

  /** Weight decay. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Warm-up as a fraction of the steps. */
  public double warmupRatio() {
    return warmupRatio;
  }

  /** The Hugging Face scheduler name. */
  public String lrScheduler() {
    return lrScheduler;
  }

  /** Checkpoint every this many steps. */
  public int saveSteps() {
    return saveSteps;
  }

  /** Keep at most this many checkpoints. */
  public int saveTotalLimit() {
    return saveTotalLimit;
  }

  /** Log every this many steps. */
  public int loggingSteps() {
    return loggingSteps;
  }

  /** Whether LoRA adapters are trained instead of the full language model (stage 2). */
  public boolean lora() {
    return lora;
  }

  /** LoRA rank. */
  public int loraRank() {
    return loraRank;
  }

  /** LoRA alpha. */
  public int loraAlpha() {
    return loraAlpha;
  }

  /** Whether DeepSpeed offloads optimizer state and parameters to CPU (LLaVA-1.5 only). */
  public boolean zeroOffload() {
    return zeroOffload;
  }

  /** The vision tower id. */
  public String visionTower() {
    return visionTower;
  }

  /** The projector type ({@code linear} or {@code mlp2x_gelu}). */
  public String projectorType() {
    return projectorType;
  }

  /** The conversation template name ({@code --version}). */
  public String conversationVersion() {
    return conversationVersion;
  }

  /**
   * Where the default conversation template comes from in the training code, so that a run can
   * be checked against it (and evaluation can use the same template).
   */
  public String conversationVersionSource() {
    String source;
    String codeDefault;
    if (codebase == LlavaCodebase.LLAVA_MED_V1) {
      codeDefault = "v0";
      source = "LLaVA-Med v1.0 llava/train/train.py line 54, ModelArguments.version default "
          + "\"v0\" (its README commands pass no --version)";
    } else {
      codeDefault = stage == 1 ? "plain" : "v1";
      source = stage == 1 ? "LLaVA-1.5 scripts/v1_5/pretrain.sh: --version plain"
          : "LLaVA-1.5 scripts/v1_5/finetune.sh: --version v1";
    }
    return codeDefault.equals(conversationVersion) ? source
        : "set explicitly; the recipe's default is " + codeDefault + " from " + source;
  }

  /** The stage-1 projector weights stage 2 starts from ({@code mm_projector.bin}); may be empty. */
  public String pretrainedProjector() {
    return pretrainedProjector;
  }

  /** The training entry point, relative to the training code's folder. */
  public String trainScript() {
    return trainScript;
  }

  /** The {@code --report_to} value. */
  public String reportTo() {
    return reportTo;
  }

  /** The rendezvous port. */
  public int masterPort() {
    return masterPort;
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

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LlavaMedRecipe)) {
      return false;
    }
    LlavaMedRecipe r = (LlavaMedRecipe) o;
    return codebase == r.codebase && stage == r.stage && epochs == r.epochs
        && learningRate == r.learningRate && globalBatchSize == r.globalBatchSize
        && perDeviceBatchSize == r.perDeviceBatchSize
        && gradientAccumulationSteps == r.gradientAccumulationSteps
        && gpusPerNode == r.gpusPerNode && processesPerNode == r.processesPerNode && nodes == r.nodes && modelMaxLength == r.modelMaxLength
        && weightDecay == r.weightDecay && warmupRatio == r.warmupRatio
        && lrScheduler.equals(r.lrScheduler) && saveSteps == r.saveSteps
        && saveTotalLimit == r.saveTotalLimit && loggingSteps == r.loggingSteps && lora == r.lora
        && loraRank == r.loraRank && loraAlpha == r.loraAlpha && zeroOffload == r.zeroOffload
        && visionTower.equals(r.visionTower) && projectorType.equals(r.projectorType)
        && conversationVersion.equals(r.conversationVersion)
        && pretrainedProjector.equals(r.pretrainedProjector) && trainScript.equals(r.trainScript)
        && reportTo.equals(r.reportTo) && masterPort == r.masterPort
        && extraArguments.equals(r.extraArguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(codebase, stage, epochs, learningRate, globalBatchSize, perDeviceBatchSize,
        gradientAccumulationSteps, gpusPerNode, nodes, lora, visionTower, extraArguments);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "LlavaMedRecipe{%s stage %d, template %s, epochs %s, lr %s, global batch %d = %d x %d x %s "
            + "x %d nodes%s}", codebase.id(), stage, conversationVersion, num(epochs),
        num(learningRate), globalBatchSize, perDeviceBatchSize, gradientAccumulationSteps(),
        cpuOnly() ? processesPerNode() + " CPU processes" : processesPerNode() == gpusPerNode
            ? gpusPerNode + " GPUs" : processesPerNode() + " processes on " + gpusPerNode + " GPUs",
        nodes, lora ? ", LoRA" : "");
  }

  /** Builds recipes; starts from the stage's defaults. */
  public static final class Builder {
    private final LlavaCodebase codebase;
    private final int stage;
    private double epochs;
    private double learningRate;
    private int globalBatchSize = DEFAULT_GLOBAL_BATCH;
    private int perDeviceBatchSize;
    private int gradientAccumulationSteps;
    private int gpusPerNode = 8;
    private int processesPerNode;
    private int nodes = 1;
    private int modelMaxLength = 2048;
    private double weightDecay = 0;
    private double warmupRatio = 0.03;
    private String lrScheduler = "cosine";
    private int saveSteps;
    private int saveTotalLimit;
    private int loggingSteps = 1;
    private boolean lora;
    private int loraRank = 128;
    private int loraAlpha = 256;
    private boolean zeroOffload;
    private String visionTower;
    private String projectorType;
    private String conversationVersion;
    private String pretrainedProjector = "";
    private String trainScript = "llava/train/train_mem.py";
    private String reportTo = "none";
    private int masterPort = 25001;
    private final Map<String, String> extraArguments = new LinkedHashMap<>();

    private Builder(LlavaCodebase codebase, int stage) {
      this.codebase = Objects.requireNonNull(codebase, "codebase == null");
      Checks.checkArgument(stage == 1 || stage == 2, "stage must be 1 or 2 but was %d", stage);
      this.stage = stage;
      this.epochs = stage == 1 ? 1 : 3;
      this.learningRate = stage == 1 ? 2e-3 : 2e-5;
      this.perDeviceBatchSize = stage == 1 ? 2 : 1;
      this.saveSteps = stage == 1 ? 2400 : 5000;
      this.saveTotalLimit = stage == 1 ? 1 : 3;
      boolean v1 = codebase == LlavaCodebase.LLAVA_MED_V1;
      this.visionTower = v1 ? "openai/clip-vit-large-patch14" : "openai/clip-vit-large-patch14-336";
      this.projectorType = v1 ? "linear" : "mlp2x_gelu";
      // LLaVA-Med v1.0's train.py defaults --version to v0 and its README passes none.
      this.conversationVersion = v1 ? "v0" : stage == 1 ? "plain" : "v1";
    }

    /** Epochs; default 1 (stage 1) or 3 (stage 2). */
    public Builder epochs(double epochs) {
      Checks.checkArgument(epochs > 0, "epochs must be > 0 but was %s", epochs);
      this.epochs = epochs;
      return this;
    }

    /** Peak learning rate; default 2e-3 (stage 1) or 2e-5 (stage 2). */
    public Builder learningRate(double learningRate) {
      Checks.checkArgument(learningRate > 0 && learningRate < 1,
          "learningRate must be in (0, 1) but was %s", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /** The intended global batch; default 128. */
    public Builder globalBatchSize(int globalBatchSize) {
      this.globalBatchSize = Checks.positive(globalBatchSize, "globalBatchSize");
      return this;
    }

    /** Samples per GPU per pass; default 2 (stage 1) or 1 (stage 2). */
    public Builder perDeviceBatchSize(int perDeviceBatchSize) {
      this.perDeviceBatchSize = Checks.positive(perDeviceBatchSize, "perDeviceBatchSize");
      return this;
    }

    /** Gradient accumulation; default 0 = derived from the global batch. */
    public Builder gradientAccumulationSteps(int steps) {
      this.gradientAccumulationSteps = Checks.nonNegative(steps, "gradientAccumulationSteps");
      return this;
    }

    /** GPUs per node; default 8; 0 runs on CPUs only (no GPU request, no bf16/tf32/FSDP). */
    public Builder gpusPerNode(int gpusPerNode) {
      this.gpusPerNode = Checks.nonNegative(gpusPerNode, "gpusPerNode");
      return this;
    }

    /** Training processes per node; default one per GPU, or 1 without GPUs. */
    public Builder processesPerNode(int processes) {
      this.processesPerNode = Checks.positive(processes, "processesPerNode");
      return this;
    }

    /** Nodes; default 1. */
    public Builder nodes(int nodes) {
      this.nodes = Checks.positive(nodes, "nodes");
      return this;
    }

    /** Maximum sequence length; default 2048. */
    public Builder modelMaxLength(int modelMaxLength) {
      this.modelMaxLength = Checks.positive(modelMaxLength, "modelMaxLength");
      return this;
    }

    /** Weight decay; default 0. */
    public Builder weightDecay(double weightDecay) {
      Checks.checkArgument(weightDecay >= 0, "weightDecay must be >= 0 but was %s", weightDecay);
      this.weightDecay = weightDecay;
      return this;
    }

    /** Warm-up ratio in [0, 1); default 0.03. */
    public Builder warmupRatio(double warmupRatio) {
      Checks.checkArgument(warmupRatio >= 0 && warmupRatio < 1,
          "warmupRatio must be in [0, 1) but was %s", warmupRatio);
      this.warmupRatio = warmupRatio;
      return this;
    }

    /** The scheduler name; default {@code cosine}. */
    public Builder lrScheduler(String lrScheduler) {
      this.lrScheduler = Checks.notBlank(lrScheduler, "lrScheduler");
      return this;
    }

    /** Checkpoint interval in steps; default 2400 (stage 1) or 5000 (stage 2). */
    public Builder saveSteps(int saveSteps) {
      this.saveSteps = Checks.positive(saveSteps, "saveSteps");
      return this;
    }

    /** Checkpoints kept; default 1 (stage 1) or 3 (stage 2). */
    public Builder saveTotalLimit(int saveTotalLimit) {
      this.saveTotalLimit = Checks.positive(saveTotalLimit, "saveTotalLimit");
      return this;
    }

    /** Logging interval; default 1. */
    public Builder loggingSteps(int loggingSteps) {
      this.loggingSteps = Checks.positive(loggingSteps, "loggingSteps");
      return this;
    }

    /** Train LoRA adapters (stage 2); default false. */
    public Builder lora(boolean lora) {
      this.lora = lora;
      return this;
    }

    /** LoRA rank; default 128. */
    public Builder loraRank(int loraRank) {
      this.loraRank = Checks.positive(loraRank, "loraRank");
      return this;
    }

    /** LoRA alpha; default 256. */
    public Builder loraAlpha(int loraAlpha) {
      this.loraAlpha = Checks.positive(loraAlpha, "loraAlpha");
      return this;
    }

    /** Offload ZeRO optimizer state and parameters to CPU (LLaVA-1.5); default false. */
    public Builder zeroOffload(boolean zeroOffload) {
      this.zeroOffload = zeroOffload;
      return this;
    }

    /** The vision tower id or path. */
    public Builder visionTower(String visionTower) {
      this.visionTower = Checks.notBlank(visionTower, "visionTower");
      return this;
    }

    /** The projector type. */
    public Builder projectorType(String projectorType) {
      this.projectorType = Checks.notBlank(projectorType, "projectorType");
      return this;
    }

    /** The conversation template ({@code --version}). */
    public Builder conversationVersion(String version) {
      this.conversationVersion = Checks.notBlank(version, "version");
      return this;
    }

    /** The stage-1 {@code mm_projector.bin} stage 2 starts from. */
    public Builder pretrainedProjector(String path) {
      this.pretrainedProjector = Objects.requireNonNull(path, "path == null");
      return this;
    }

    /** The training entry point; default {@code llava/train/train_mem.py}. */
    public Builder trainScript(String trainScript) {
      this.trainScript = Checks.notBlank(trainScript, "trainScript");
      return this;
    }

    /** The {@code --report_to} value; default {@code none}. */
    public Builder reportTo(String reportTo) {
      this.reportTo = Checks.notBlank(reportTo, "reportTo");
      return this;
    }

    /** The rendezvous port; default 25001. */
    public Builder masterPort(int masterPort) {
      Checks.checkArgument(masterPort > 0 && masterPort < 65536,
          "masterPort must be in [1, 65535] but was %d", masterPort);
      this.masterPort = masterPort;
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
     * @throws IllegalStateException when LoRA is asked for stage 1 (only the projector trains)
     */
    public LlavaMedRecipe build() {
      Checks.checkState(!(lora && stage == 1),
          "LoRA applies to stage 2; stage 1 trains only the projector. Drop lora(true) for stage 1");
      return new LlavaMedRecipe(this);
    }
  }
}
