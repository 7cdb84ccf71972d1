package org.biomedvital.tuning.llava;

import org.biomedvital.internal.Checks;

/**
 * How a {@link LlavaMedRecipe}'s training is launched: the entry point, the {@code --report_to}
 * value, the rendezvous port and DeepSpeed CPU offload. Part of the recipe's value; built by {@link
 * LlavaMedRecipe.Builder}.
 *
 * @param trainScript the training entry point, relative to the training code's folder
 * @param reportTo the {@code --report_to} value
 * @param masterPort the rendezvous port, in [1, 65535]
 * @param zeroOffload whether DeepSpeed offloads optimizer state and parameters to CPU (LLaVA-1.5)
 */
public record LauncherSettings(String trainScript, String reportTo, int masterPort,
    boolean zeroOffload) {
  /** The training entry point unless set. */
  public static final String DEFAULT_TRAIN_SCRIPT = "llava/train/train_mem.py";
  /** The {@code --report_to} value unless set. */
  public static final String DEFAULT_REPORT_TO = "none";
  /** The rendezvous port unless set. */
  public static final int DEFAULT_MASTER_PORT = 25001;
  /** The defaults: no offload. */
  public static final LauncherSettings DEFAULT = new LauncherSettings(DEFAULT_TRAIN_SCRIPT,
      DEFAULT_REPORT_TO, DEFAULT_MASTER_PORT, false);

  /** Validates; messages name the builder setter. */
  public LauncherSettings {
    Checks.notBlank(trainScript, "trainScript");
    Checks.notBlank(reportTo, "reportTo");
    Checks.checkArgument(masterPort > 0 && masterPort < 65536,
        "masterPort must be in [1, 65535] but was %d", masterPort);
  }
}
