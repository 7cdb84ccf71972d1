package org.biomedvital.tuning.llava;

import org.biomedvital.internal.Checks;

/**
 * Whether and how a {@link LlavaMedRecipe} trains LoRA adapters instead of the full language
 * model (stage 2 only). Part of the recipe's value; built by {@link LlavaMedRecipe.Builder}.
 *
 * @param enabled whether LoRA adapters are trained
 * @param rank the LoRA rank
 * @param alpha the LoRA alpha
 */
public record LoraSettings(boolean enabled, int rank, int alpha) {
  /** LoRA rank unless set. */
  public static final int DEFAULT_RANK = 128;
  /** LoRA alpha unless set. */
  public static final int DEFAULT_ALPHA = 256;
  /** The default: no LoRA (rank and alpha ready for when it is switched on). */
  public static final LoraSettings DEFAULT = new LoraSettings(false, DEFAULT_RANK, DEFAULT_ALPHA);

  /** Validates; messages name the builder setter. */
  public LoraSettings {
    Checks.positive(rank, "loraRank");
    Checks.positive(alpha, "loraAlpha");
  }
}
