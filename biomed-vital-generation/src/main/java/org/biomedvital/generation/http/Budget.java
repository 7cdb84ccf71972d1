package org.biomedvital.generation.http;

import java.util.Locale;
import org.biomedvital.BudgetExceededException;

/**
 * A hard spending limit in USD. A call reserves its pre-flight estimate before it starts and
 * settles at its actual cost when it ends; a call is refused when the spend so far plus every
 * reservation in flight plus its own estimate could exceed the limit. Thread-safe; share one across
 * every model that should count against it.
 */
public final class Budget {
  private final double limitUsd;
  private double spentUsd;
  private double reservedUsd;

  private Budget(double limitUsd) {
    this.limitUsd = limitUsd;
  }

  /** A budget of {@code limitUsd}. */
  public static Budget of(double limitUsd) {
    if (!(limitUsd >= 0) || !Double.isFinite(limitUsd)) {
      throw new IllegalArgumentException("budget must be finite and >= 0 but was " + limitUsd);
    }
    return new Budget(limitUsd);
  }

  /** A budget that has already spent {@code spentUsd} (a resumed run). */
  public static Budget of(double limitUsd, double spentUsd) {
    Budget b = of(limitUsd);
    b.spentUsd = Math.max(0, spentUsd);
    return b;
  }

  /**
   * Reserves {@code estimateUsd} for a call about to start.
   *
   * @throws BudgetExceededException when spend plus reservations plus the estimate exceed the limit
   */
  public synchronized void reserve(double estimateUsd) {
    if (spentUsd + reservedUsd + estimateUsd > limitUsd) {
      throw new BudgetExceededException(String.format(Locale.ROOT,
          "budget of $%.4f would be exceeded: spent $%.4f, in flight $%.4f, this call up to $%.4f;"
              + " raise the budget or narrow the run", limitUsd, spentUsd, reservedUsd, estimateUsd));
    }
    reservedUsd += estimateUsd;
  }

  /** Settles a reservation at the call's actual cost (0 if it failed before spending). */
  public synchronized void settle(double estimateUsd, double actualUsd) {
    reservedUsd = Math.max(0, reservedUsd - estimateUsd);
    spentUsd += actualUsd;
  }

  /** The limit. */
  public double limitUsd() {
    return limitUsd;
  }

  /** The spend so far. */
  public synchronized double spentUsd() {
    return spentUsd;
  }

  /** The estimates of the calls in flight. */
  public synchronized double reservedUsd() {
    return reservedUsd;
  }

  @Override
  public synchronized String toString() {
    return String.format(Locale.ROOT, "Budget{limit=$%.4f, spent=$%.4f, inFlight=$%.4f}",
        limitUsd, spentUsd, reservedUsd);
  }
}
