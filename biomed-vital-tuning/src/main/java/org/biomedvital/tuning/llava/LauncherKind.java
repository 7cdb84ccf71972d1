package org.biomedvital.tuning.llava;

/** Where a rendered command will run, which decides how the distributed launcher is called. */
public enum LauncherKind {
  /**
   * This machine: {@code torchrun --nnodes=1} (LLaVA-Med v1.0) or {@code deepspeed --num_gpus}
   * (LLaVA-1.5).
   */
  LOCAL,
  /**
   * A SLURM allocation: {@code torchrun} with the c10d rendezvous on {@code $MASTER_ADDR}, one
   * task per node ({@code srun} adds itself in the batch script).
   */
  SLURM,
  /**
   * A Kubeflow PyTorchJob pod: {@code torchrun} with the {@code $RANK}, {@code $MASTER_ADDR} and
   * {@code $MASTER_PORT} the training operator sets.
   */
  KUBERNETES
}
