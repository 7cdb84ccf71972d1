package org.biomedvital.tuning.llava;

import org.biomedvital.internal.Checks;

/**
 * When a {@link LlavaMedRecipe}'s run saves checkpoints and logs. Part of the recipe's value;
 * built by {@link LlavaMedRecipe.Builder}.
 *
 * @param saveSteps checkpoint every this many steps
 * @param saveTotalLimit keep at most this many checkpoints
 * @param loggingSteps log every this many steps
 */
public record CheckpointPolicy(int saveSteps, int saveTotalLimit, int loggingSteps) {
  /** Logging interval unless set (both stages). */
  public static final int DEFAULT_LOGGING_STEPS = 1;
  /** Stage 1: a checkpoint every 2400 steps, the last one kept. */
  public static final CheckpointPolicy STAGE_1 =
      new CheckpointPolicy(2400, 1, DEFAULT_LOGGING_STEPS);
  /** Stage 2: a checkpoint every 5000 steps, the last three kept. */
  public static final CheckpointPolicy STAGE_2 =
      new CheckpointPolicy(5000, 3, DEFAULT_LOGGING_STEPS);

  /** Validates; messages name the builder setter. */
  public CheckpointPolicy {
    Checks.positive(saveSteps, "saveSteps");
    Checks.positive(saveTotalLimit, "saveTotalLimit");
    Checks.positive(loggingSteps, "loggingSteps");
  }

  /** {@link #STAGE_1} or {@link #STAGE_2}. */
  public static CheckpointPolicy defaults(int stage) {
    return stage == 1 ? STAGE_1 : STAGE_2;
  }
}
