package org.biomedvital;

import java.time.Duration;
import java.util.Optional;

/** The endpoint answered 429 (rate limited). Retriable; {@link #retryAfter()} says when, if known. */
public class RateLimitedException extends RemoteServiceException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /** Creates the exception; {@code retryAfter} may be null when the server gave no hint. */
  public RateLimitedException(String provider, String message, Duration retryAfter) {
    super(provider, 429, true, message);
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for, from {@code Retry-After} or {@code retry-after-ms}. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
