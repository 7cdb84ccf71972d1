package org.biomedvital.selection.scorer.internal;

import java.util.Objects;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.scorer.MlpScorer;

/**
 * Benchmark hooks into {@link MlpScorer}: training and scoring on precomputed feature rows, which
 * skips the embedder. <strong>Not API</strong>: this package may change or go away in any release;
 * the {@code benchmarks} module uses it to time the MLP head alone. Applications use {@link
 * MlpScorer#fit} and {@link MlpScorer#scoreAll}.
 */
public final class ScorerInternals {
  private static volatile Hooks hooks;

  private ScorerInternals() {}

  /** What {@link MlpScorer} lends this class; installed once, by {@link MlpScorer} itself. */
  public interface Hooks {
    /** See {@link ScorerInternals#fitFeatures}. */
    TrainingReport fitFeatures(MlpScorer scorer, float[][] features, int[] chosen, int[] rejected,
        float[] weights, TrainingListener listener);

    /** See {@link ScorerInternals#scoreFeatures}. */
    double[] scoreFeatures(MlpScorer scorer, float[][] rows);
  }

  /**
   * Installs the hooks; called once by {@link MlpScorer}'s class initialisation.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Hooks h) {
    Objects.requireNonNull(h, "hooks == null");
    if (hooks != null) {
      throw new IllegalStateException("ScorerInternals hooks are installed by MlpScorer only");
    }
    hooks = h;
  }

  /**
   * Trains {@code scorer}'s head on feature rows: pair {@code i} prefers row {@code chosen[i]} over
   * row {@code rejected[i]} with weight {@code weights[i]}; no validation, no early stopping. Every
   * row must have {@link MlpScorer#inputDimension()} values.
   */
  public static TrainingReport fitFeatures(MlpScorer scorer, float[][] features, int[] chosen,
      int[] rejected, float[] weights, TrainingListener listener) {
    return hooks(scorer).fitFeatures(scorer, features, chosen, rejected, weights, listener);
  }

  /** Scores feature rows (each {@link MlpScorer#inputDimension()} long) with a trained scorer. */
  public static double[] scoreFeatures(MlpScorer scorer, float[][] rows) {
    return hooks(scorer).scoreFeatures(scorer, rows);
  }

  private static Hooks hooks(MlpScorer scorer) {
    Objects.requireNonNull(scorer, "scorer == null");
    // An MlpScorer instance exists, so its class initialisation has installed the hooks.
    return hooks;
  }
}
