package org.biomedvital.generation.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.biomedvital.internal.Checks;

/**
 * When and how long to wait before retrying a retriable failure: exponential backoff with full
 * jitter ({@code random(0, min(maxBackoff, initialBackoff * 2^attempt))}), a cap on retries per
 * call, and a server's {@code Retry-After} honoured up to {@code maxRetryAfter}.
 *
 * @param maxRetries the most retries of one call (0: never retry)
 * @param initialBackoff the backoff ceiling of the first retry
 * @param maxBackoff the largest backoff ceiling
 * @param maxRetryAfter the longest server-requested wait honoured; longer ones fail the call
 */
public record RetryPolicy(
    int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  /** 5 retries, 500 ms initial, 30 s ceiling, Retry-After up to 2 minutes. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

  /** No retries. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);

  /** Validates. */
  public RetryPolicy {
    Checks.nonNegative(maxRetries, "maxRetries");
    Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter == null");
    Checks.checkArgument(!initialBackoff.isNegative() && !initialBackoff.isZero(),
        "initialBackoff must be > 0 but was %s", initialBackoff);
    Checks.checkArgument(maxBackoff.compareTo(initialBackoff) >= 0,
        "maxBackoff must be >= initialBackoff (%s) but was %s", initialBackoff, maxBackoff);
    Checks.checkArgument(!maxRetryAfter.isNegative(), "maxRetryAfter must be >= 0");
  }

  /** A copy with another retry cap. */
  public RetryPolicy withMaxRetries(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff, maxRetryAfter);
  }

  /** The full-jitter backoff before retry number {@code attempt} (0 for the first retry). */
  public Duration backoff(int attempt, Random random) {
    double ceiling = initialBackoff.toNanos() * Math.pow(2, Math.min(attempt, 30));
    long cap = (long) Math.min(ceiling, maxBackoff.toNanos());
    return Duration.ofNanos((long) (random.nextDouble() * cap));
  }
}
