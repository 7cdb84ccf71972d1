package org.biomedvital.failure;

import java.util.Locale;

/**
 * How many of a stage's items may fail before the stage as a whole has failed. Under the budget
 * the stage is {@link Outcome#COMPLETED_WITH_FAILURES}: its output is used and the failures are
 * shown; over it the stage is {@link Outcome#FAILED} and nothing after it runs.
 *
 * @param maxFailureRate the largest share of failed items still accepted, in [0, 1]
 */
public record FailureBudget(double maxFailureRate) {
  /** The default share of failed items a stage tolerates: 2%. */
  public static final double DEFAULT_MAX_FAILURE_RATE = 0.02;

  /** The default budget, {@value #DEFAULT_MAX_FAILURE_RATE}. */
  public static final FailureBudget DEFAULT = new FailureBudget(DEFAULT_MAX_FAILURE_RATE);

  /** No failure tolerated. */
  public static final FailureBudget NONE = new FailureBudget(0);

  /** What a stage's failures make of it. */
  public enum Outcome {
    /** Every item done. */
    COMPLETED,
    /** Some items failed, within the budget. */
    COMPLETED_WITH_FAILURES,
    /** More items failed than the budget allows, or every item failed. */
    FAILED;

    /** The lower-case, underscore name used in manifests and reports. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates the rate. */
  public FailureBudget {
    if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
      throw new IllegalArgumentException(
          "max-failure-rate must be in [0, 1] but was " + maxFailureRate);
    }
  }

  /**
   * The outcome of {@code failed} failures out of {@code items} attempted. When every item failed
   * (and there was at least one) the stage failed, whatever the budget.
   */
  public Outcome outcome(long items, long failed) {
    if (items < 0 || failed < 0 || failed > items) {
      throw new IllegalArgumentException(
          "need 0 <= failed <= items but was failed=" + failed + ", items=" + items);
    }
    if (failed == 0) {
      return Outcome.COMPLETED;
    }
    if (failed == items || failed > maxFailureRate * items) {
      return Outcome.FAILED;
    }
    return Outcome.COMPLETED_WITH_FAILURES;
  }
}
