package org.biomedvital.tuning.llava;

import org.biomedvital.internal.Checks;

/**
 * The optimisation schedule of a {@link LlavaMedRecipe}: epochs, peak learning rate, weight decay,
 * warm-up and the scheduler. Part of the recipe's value; built by {@link LlavaMedRecipe.Builder}.
 *
 * @param epochs training epochs
 * @param learningRate the peak learning rate, in (0, 1)
 * @param weightDecay weight decay, at least 0
 * @param warmupRatio warm-up as a fraction of the steps, in [0, 1)
 * @param lrScheduler the Hugging Face scheduler name
 */
public record TrainingSchedule(double epochs, double learningRate, double weightDecay,
    double warmupRatio, String lrScheduler) {
  /** Weight decay unless set (both stages). */
  public static final double DEFAULT_WEIGHT_DECAY = 0;
  /** Warm-up ratio unless set (both stages). */
  public static final double DEFAULT_WARMUP_RATIO = 0.03;
  /** The scheduler unless set (both stages). */
  public static final String DEFAULT_LR_SCHEDULER = "cosine";
  /** Stage 1 (concept alignment): 1 epoch at 2e-3. */
  public static final TrainingSchedule STAGE_1 = new TrainingSchedule(1, 2e-3,
      DEFAULT_WEIGHT_DECAY, DEFAULT_WARMUP_RATIO, DEFAULT_LR_SCHEDULER);
  /** Stage 2 (instruction tuning): 3 epochs at 2e-5. */
  public static final TrainingSchedule STAGE_2 = new TrainingSchedule(3, 2e-5,
      DEFAULT_WEIGHT_DECAY, DEFAULT_WARMUP_RATIO, DEFAULT_LR_SCHEDULER);

  /** Validates; messages name the builder setter. */
  public TrainingSchedule {
    Checks.checkArgument(epochs > 0, "epochs must be > 0 but was %s", epochs);
    Checks.checkArgument(learningRate > 0 && learningRate < 1,
        "learningRate must be in (0, 1) but was %s", learningRate);
    Checks.checkArgument(weightDecay >= 0, "weightDecay must be >= 0 but was %s", weightDecay);
    Checks.checkArgument(warmupRatio >= 0 && warmupRatio < 1,
        "warmupRatio must be in [0, 1) but was %s", warmupRatio);
    Checks.notBlank(lrScheduler, "lrScheduler");
  }

  /** {@link #STAGE_1} or {@link #STAGE_2}. */
  public static TrainingSchedule defaults(int stage) {
    return stage == 1 ? STAGE_1 : STAGE_2;
  }
}
