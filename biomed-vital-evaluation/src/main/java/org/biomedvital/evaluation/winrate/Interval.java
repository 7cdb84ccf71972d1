package org.biomedvital.evaluation.winrate;

/**
 * A confidence interval of a proportion, as fractions in [0, 1]; NaN bounds when there were no
 * trials.
 *
 * @param low the lower bound
 * @param high the upper bound
 */
public record Interval(double low, double high) {
  /** The two-sided 95% normal quantile. */
  public static final double Z95 = 1.959963984540054;

  /**
   * The Wilson score interval of proportion {@code p} over {@code n} trials at normal quantile
   * {@code z}: (p + z²/2n &plusmn; z &radic;(p(1-p)/n + z²/4n²)) / (1 + z²/n).
   */
  public static Interval wilson(double p, double n, double z) {
    if (n <= 0) {
      return new Interval(Double.NaN, Double.NaN);
    }
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Interval(Math.max(0, center - half), Math.min(1, center + half));
  }
}
