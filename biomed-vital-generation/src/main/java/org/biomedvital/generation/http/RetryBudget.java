package org.biomedvital.generation.http;

import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.internal.Checks;

/**
 * Limits retries across all calls to {@code minRetries + ratio * calls}, so a failing endpoint is
 * not hammered by every caller retrying at once (a 429 storm). Thread-safe; share one per endpoint.
 */
public final class RetryBudget {
  private final double ratio;
  private final long minRetries;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  private RetryBudget(double ratio, long minRetries) {
    this.ratio = ratio;
    this.minRetries = minRetries;
  }

  /** A budget allowing {@code minRetries} plus {@code ratio} retries per call made. */
  public static RetryBudget of(double ratio, long minRetries) {
    Checks.checkArgument(ratio >= 0 && Double.isFinite(ratio), "ratio must be >= 0 but was %s", ratio);
    Checks.checkArgument(minRetries >= 0, "minRetries must be >= 0 but was %s", minRetries);
    return new RetryBudget(ratio, minRetries);
  }

  /** A budget that never refuses a retry (the per-call cap still applies). */
  public static RetryBudget unlimited() {
    return new RetryBudget(0, Long.MAX_VALUE);
  }

  /** Records a first attempt. */
  public void onCall() {
    calls.incrementAndGet();
  }

  /** Takes one retry from the budget; false when spent. */
  public boolean tryRetry() {
    while (true) {
      long r = retries.get();
      double allowed = minRetries == Long.MAX_VALUE ? Double.MAX_VALUE
          : minRetries + ratio * calls.get();
      if (r + 1 > allowed) {
        return false;
      }
      if (retries.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Retries taken so far. */
  public long retries() {
    return retries.get();
  }
}
