package org.biomedvital.generation.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.internal.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side request-per-minute and token-per-minute buckets for one endpoint and key.
 *
 * <p>Callers {@link #acquire(long) acquire} before each call; the limiter reserves the permits and
 * makes the caller wait until they are due, so concurrent callers are paced in arrival order
 * rather than released in a burst, 2% below the limit. The request bucket holds at most a tenth of a second of
 * requests (at least one), so a server counting over a sliding minute never sees more than its
 * limit. Limits are updated from {@code x-ratelimit-*} (OpenAI) and {@code
 * anthropic-ratelimit-*} response headers; a remaining count of zero, or a 429, pauses every caller
 * until the reset.
 *
 * <p>Thread-safe. {@link #shared} returns one instance per endpoint and key, so every role that
 * uses the same endpoint and key (generator, judge, evaluator) draws from the same buckets.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final Map<String, RateLimiter> SHARED = new ConcurrentHashMap<>();
  /**
   * The share below the limit at which callers are paced: servers count over windows whose edges
   * their clock sets, and requests paced exactly at the limit meet 429s at each edge.
   */
  public static final double SAFETY_MARGIN = 0.02;

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private final Bucket requests = new Bucket();
  private final Bucket tokens = new Bucket();
  private final boolean explicitRequests;
  private final boolean explicitTokens;
  private long pausedUntil;

  private RateLimiter(double rpm, double tpm) {
    explicitRequests = rpm > 0;
    explicitTokens = tpm > 0;
    if (rpm > 0) {
      requests.configure(rpm, Math.max(1, rpm / 600.0));
    }
    if (tpm > 0) {
      tokens.configure(tpm, tpm);
    }
  }

  /**
   * A limiter of its own.
   *
   * @param rpm requests per minute, 0 for no limit (until a response header sets one)
   * @param tpm tokens per minute, 0 for no limit (until a response header sets one)
   */
  public static RateLimiter of(double rpm, double tpm) {
    if (rpm < 0 || tpm < 0 || !Double.isFinite(rpm) || !Double.isFinite(tpm)) {
      throw new IllegalArgumentException(
          "rpm and tpm must be finite and >= 0 but were " + rpm + " and " + tpm);
    }
    return new RateLimiter(rpm, tpm);
  }

  /**
   * The limiter shared by every caller of {@code endpoint} with {@code apiKey} (the key is hashed,
   * never kept). The first caller's limits apply; later callers with lower limits lower them.
   */
  public static RateLimiter shared(String endpoint, String apiKey, double rpm, double tpm) {
    String id = Hashing.sha256Hex(endpoint + "\n" + (apiKey == null ? "" : apiKey));
    RateLimiter limiter = SHARED.computeIfAbsent(id, k -> of(rpm, tpm));
    limiter.lower(rpm, tpm);
    return limiter;
  }

  private synchronized void lower(double rpm, double tpm) {
    if (rpm > 0 && (requests.perMinute == 0 || rpm < requests.perMinute)) {
      requests.configure(rpm, Math.max(1, rpm / 600.0));
    }
    if (tpm > 0 && (tokens.perMinute == 0 || tpm < tokens.perMinute)) {
      tokens.configure(tpm, tpm);
    }
  }

  /** The configured requests per minute (0: unlimited). */
  public synchronized double requestsPerMinute() {
    return requests.perMinute;
  }

  /** The configured tokens per minute (0: unlimited). */
  public synchronized double tokensPerMinute() {
    return tokens.perMinute;
  }

  /**
   * Waits until one request of about {@code estimatedTokens} tokens may start.
   *
   * @throws org.biomedvital.VitalException when interrupted while waiting
   */
  public void acquire(long estimatedTokens) {
    long waitNanos;
    synchronized (this) {
      waitNanos = reserve(estimatedTokens);
    }
    sleep(waitNanos);
    // A 429 seen while this caller waited pauses it too, not only callers that arrive later.
    long paused;
    while ((paused = pausedLeft()) > 0) {
      sleep(paused);
    }
  }

  private synchronized long pausedLeft() {
    return pausedUntil - System.nanoTime();
  }

  /** Reserves permits; returns the nanoseconds until they are due. Guarded by this. */
  private long reserve(long estimatedTokens) {
    long now = System.nanoTime();
    long start = Math.max(now, pausedUntil);
    long a = requests.reserve(1, start);
    // A token cost above the bucket would never fit: charge at most a full bucket.
    long b = tokens.reserve(Math.min(estimatedTokens, Math.max(1, (long) tokens.capacity)), start);
    return Math.max(Math.max(a, b), start) - now;
  }

  /** Gives back tokens reserved in excess of what a call used (or takes more, if negative). */
  public synchronized void refund(long tokenCount) {
    tokens.refund(tokenCount);
  }

  /** Holds every caller back for {@code duration} (after a 429). */
  public synchronized void pauseFor(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  /**
   * Updates limits from response headers ({@code x-ratelimit-limit-requests}, {@code
   * -remaining-requests}, {@code -reset-requests}, the same for tokens; and Anthropic's {@code
   * anthropic-ratelimit-requests-limit} etc.). Explicitly configured limits are only lowered.
   *
   * @param header looks a header up by name (case-insensitive), null when absent
   */
  public void observe(Function<String, String> header) {
    observe(header, "requests", requests, explicitRequests);
    observe(header, "tokens", tokens, explicitTokens);
  }

  private synchronized void observe(
      Function<String, String> header, String kind, Bucket bucket, boolean explicit) {
    Double limit = number(first(header, "x-ratelimit-limit-" + kind,
        "anthropic-ratelimit-" + kind + "-limit"));
    Double remaining = number(first(header, "x-ratelimit-remaining-" + kind,
        "anthropic-ratelimit-" + kind + "-remaining"));
    String reset = first(header, "x-ratelimit-reset-" + kind, "anthropic-ratelimit-" + kind + "-reset");
    if (limit != null && limit > 0 && (!explicit || bucket.perMinute == 0 || limit < bucket.perMinute)
        && limit != bucket.perMinute) {
      LOG.debug("rate limit of {} per minute set to {} by the server", kind, limit);
      bucket.configure(limit, kind.equals("requests") ? Math.max(1, limit / 600.0) : limit);
    }
    if (remaining != null && remaining <= 0 && reset != null) {
      Duration d = resetDuration(reset);
      if (d != null) {
        long until = System.nanoTime() + d.toNanos();
        if (until - pausedUntil > 0) {
          pausedUntil = until;
        }
      }
    }
  }

  private static String first(Function<String, String> header, String a, String b) {
    String v = header.apply(a);
    return v != null ? v : header.apply(b);
  }

  private static Double number(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses OpenAI's {@code 6m0s}, {@code 1s}, {@code 20ms} or an RFC 3339 instant; null if neither. */
  static Duration resetDuration(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION_PART.matcher(v);
    long nanos = 0;
    int end = 0;
    boolean any = false;
    while (m.find()) {
      if (m.start() != end) {
        any = false;
        break;
      }
      any = true;
      end = m.end();
      double n = Double.parseDouble(m.group(1));
      switch (m.group(2)) {
        case "h":
          nanos += (long) (n * 3.6e12);
          break;
        case "m":
          nanos += (long) (n * 6e10);
          break;
        case "s":
          nanos += (long) (n * 1e9);
          break;
        default:
          nanos += (long) (n * 1e6);
      }
    }
    if (any && end == v.length()) {
      return Duration.ofNanos(nanos);
    }
    try {
      Duration d = Duration.between(java.time.Instant.now(), java.time.OffsetDateTime.parse(s.trim())
          .toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static void sleep(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new org.biomedvital.VitalException("interrupted while waiting for the rate limit");
      }
      left = deadline - System.nanoTime();
    }
  }

  @Override
  public synchronized String toString() {
    return String.format(Locale.ROOT, "RateLimiter{rpm=%.0f, tpm=%.0f}", requests.perMinute,
        tokens.perMinute);
  }

  /** A token bucket that may go into debt; debt is paid by waiting. Guarded by the limiter. */
  private static final class Bucket {
    double perMinute;
    double capacity;
    double available;
    long updated = System.nanoTime();

    void configure(double perMinute, double capacity) {
      boolean first = this.perMinute == 0;
      this.perMinute = perMinute;
      this.capacity = capacity;
      if (first) {
        available = capacity;
        updated = System.nanoTime();
      } else {
        available = Math.min(available, capacity);
      }
    }

    /** Reserves {@code n} permits at or after {@code at}; returns the nano time they are due. */
    long reserve(double n, long at) {
      if (perMinute <= 0) {
        return at;
      }
      double perNano = perMinute * (1 - SAFETY_MARGIN) / 60e9;
      if (at - updated > 0) {
        available = Math.min(capacity, available + (at - updated) * perNano);
        updated = at;
      }
      available -= n;
      if (available >= 0) {
        return at;
      }
      return updated + (long) (-available / perNano);
    }

    void refund(double n) {
      if (perMinute > 0) {
        available = Math.min(capacity, available + n);
      }
    }
  }
}
