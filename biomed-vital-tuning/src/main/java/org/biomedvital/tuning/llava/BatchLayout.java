package org.biomedvital.tuning.llava;

import org.biomedvital.internal.Checks;

/**
 * How a {@link LlavaMedRecipe}'s global batch is laid out: samples per GPU pass, gradient
 * accumulation, training processes, GPUs and nodes. Part of the recipe's value; built by {@link
 * LlavaMedRecipe.Builder}.
 *
 * @param globalBatchSize the intended global batch (samples per optimiser step over all GPUs)
 * @param perDeviceBatchSize samples per GPU per forward pass
 * @param requestedAccumulation the gradient accumulation as set; 0 derives it from the global batch
 * @param gpusPerNode GPUs on each node; 0 for a CPU-only run
 * @param requestedProcessesPerNode training processes per node as set; 0 means one per GPU (1
 *     without GPUs)
 * @param nodes nodes
 */
public record BatchLayout(int globalBatchSize, int perDeviceBatchSize, int requestedAccumulation,
    int gpusPerNode, int requestedProcessesPerNode, int nodes) {
  /** The global batch both stages use. */
  public static final int DEFAULT_GLOBAL_BATCH = 128;
  /** GPUs per node unless set. */
  public static final int DEFAULT_GPUS_PER_NODE = 8;
  /** Nodes unless set. */
  public static final int DEFAULT_NODES = 1;
  /** Stage 1 (concept alignment): 2 samples per GPU pass. */
  public static final BatchLayout STAGE_1 =
      new BatchLayout(DEFAULT_GLOBAL_BATCH, 2, 0, DEFAULT_GPUS_PER_NODE, 0, DEFAULT_NODES);
  /** Stage 2 (instruction tuning): 1 sample per GPU pass. */
  public static final BatchLayout STAGE_2 =
      new BatchLayout(DEFAULT_GLOBAL_BATCH, 1, 0, DEFAULT_GPUS_PER_NODE, 0, DEFAULT_NODES);

  /** Validates; messages name the builder setter. */
  public BatchLayout {
    Checks.positive(globalBatchSize, "globalBatchSize");
    Checks.positive(perDeviceBatchSize, "perDeviceBatchSize");
    Checks.nonNegative(requestedAccumulation, "gradientAccumulationSteps");
    Checks.nonNegative(gpusPerNode, "gpusPerNode");
    Checks.nonNegative(requestedProcessesPerNode, "processesPerNode");
    Checks.positive(nodes, "nodes");
  }

  /** {@link #STAGE_1} or {@link #STAGE_2}. */
  public static BatchLayout defaults(int stage) {
    return stage == 1 ? STAGE_1 : STAGE_2;
  }

  /** Training processes on each node: as set, else one per GPU, else 1 on a CPU-only run. */
  public int processesPerNode() {
    return requestedProcessesPerNode > 0 ? requestedProcessesPerNode : Math.max(1, gpusPerNode);
  }

  /** Whether the accumulation was set explicitly rather than derived. */
  public boolean accumulationExplicit() {
    return requestedAccumulation > 0;
  }

  /** The accumulation that makes the arithmetic closest to the global batch (rounded up). */
  public int suggestedAccumulation() {
    int perStep = perDeviceBatchSize * processesPerNode() * nodes;
    return Math.max(1, (globalBatchSize + perStep - 1) / perStep);
  }

  /** The accumulation used: as set, else {@link #suggestedAccumulation()}. */
  public int gradientAccumulationSteps() {
    return accumulationExplicit() ? requestedAccumulation : suggestedAccumulation();
  }

  /** The global batch the launch gets: per-device x accumulation x processes x nodes. */
  public int effectiveGlobalBatch() {
    return perDeviceBatchSize * gradientAccumulationSteps() * processesPerNode() * nodes;
  }

  /** Whether the run uses no GPU. */
  public boolean cpuOnly() {
    return gpusPerNode == 0;
  }
}
