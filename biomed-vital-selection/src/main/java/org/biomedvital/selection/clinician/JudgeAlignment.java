package org.biomedvital.selection.clinician;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.biomedvital.VitalException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PreferenceJudge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often a judge prefers what clinicians preferred: the paper's GPT-4V-versus-clinician check.
 * A point-wise judge is aligned on a pair when it scores the clinician's choice strictly higher
 * (a tie is not aligned, as in the official code); a pair-wise judge when its verdict names the
 * clinician's choice. Pairs the judge fails on are counted and left out of the rate.
 */
public final class JudgeAlignment {
  private static final Logger LOG = LoggerFactory.getLogger(JudgeAlignment.class);

  /** The normal quantile of a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  private JudgeAlignment() {}

  /**
   * The outcome.
   *
   * @param pairs pairs judged successfully
   * @param aligned pairs where the judge agreed with the clinician
   * @param ties pairs the judge could not separate (not aligned)
   * @param failed pairs the judge failed on (left out)
   * @param low the lower end of the 95% Wilson interval of the rate
   * @param high the upper end
   */
  public record Report(int pairs, int aligned, int ties, int failed, double low, double high) {
    /** aligned / pairs; NaN when no pair was judged. */
    public double rate() {
      return pairs == 0 ? Double.NaN : (double) aligned / pairs;
    }

    /** One line, formatted with Locale.ROOT. */
    public String describe() {
      return String.format(Locale.ROOT,
          "judge-clinician alignment %.3f (95%% CI %.3f-%.3f) on %d pairs; %d ties, %d failed",
          rate(), low, high, pairs, ties, failed);
    }
  }

  /**
   * The Wilson score interval of {@code successes} out of {@code n} at normal quantile {@code z}.
   *
   * @return {low, high}; {0, 1} when n is 0
   */
  public static double[] wilson(int successes, int n, double z) {
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          "successes must be in [0, n] but was " + successes + " of " + n);
    }
    if (n == 0) {
      return new double[] {0, 1};
    }
    double p = (double) successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
  }

  /** Measures a point-wise judge on clinician pairs; {@code images} maps a sample to its image (or null). */
  public static Report pointwise(PreferenceJudge judge, List<PreferencePair> pairs,
      Function<InstructionSample, ImageRef> images) {
    Objects.requireNonNull(judge, "judge == null");
    return measure(pairs, p -> {
      double chosen = judge.rate(p.chosen(), images.apply(p.chosen())).normalised();
      double rejected = judge.rate(p.rejected(), images.apply(p.rejected())).normalised();
      return chosen > rejected ? 1 : chosen == rejected ? 0 : -1;
    });
  }

  /** Measures a pair-wise judge on clinician pairs (the chosen answer is shown first). */
  public static Report pairwise(PairwiseJudge judge, List<PreferencePair> pairs,
      Function<InstructionSample, ImageRef> images) {
    Objects.requireNonNull(judge, "judge == null");
    return measure(pairs, p -> {
      PairwiseVerdict v = judge.compare(p.chosen(), p.rejected(), images.apply(p.chosen()));
      return v.winner() == PairwiseVerdict.Winner.A ? 1 : v.winner() == PairwiseVerdict.Winner.TIE ? 0 : -1;
    });
  }

  /**
   * Counts the pairs a judge aligns with: {@code outcome} is positive when it prefers the
   * clinician's chosen answer, 0 for a tie, negative otherwise; a pair whose judging fails is
   * counted apart and logged.
   */
  private static Report measure(List<PreferencePair> pairs, ToIntFunction<PreferencePair> outcome) {
    int n = 0;
    int aligned = 0;
    int ties = 0;
    int failed = 0;
    for (PreferencePair p : pairs) {
      try {
        int o = outcome.applyAsInt(p);
        n++;
        if (o > 0) {
          aligned++;
        } else if (o == 0) {
          ties++;
        }
      } catch (VitalException e) {
        failed++;
        LOG.warn("alignment: pair {} failed: {}", p.id(), e.getMessage());
      }
    }
    double[] ci = wilson(aligned, n, Z95);
    return new Report(n, aligned, ties, failed, ci[0], ci[1]);
  }
}
