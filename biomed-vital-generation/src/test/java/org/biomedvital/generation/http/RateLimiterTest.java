package org.biomedvital.generation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class RateLimiterTest {
  @Test
  void pacesRequestsAtTheConfiguredRate() throws Exception {
    RateLimiter limiter = RateLimiter.of(1200, 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    for (int i = 0; i < 41; i++) {
      pool.execute(() -> limiter.acquire(10));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;

    // 1200 rpm = 20/s with a burst of 2: 41 requests need about (41 - 2) / 20 = 1.95 s.
    assertThat(seconds).isBetween(1.8, 2.6);
  }

  @Test
  void tokenBucketHoldsBackLargeRequests() {
    RateLimiter limiter = RateLimiter.of(0, 6000);
    long start = System.nanoTime();
    limiter.acquire(6000);
    limiter.acquire(100);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(seconds).isBetween(0.9, 1.5);
  }

  @Test
  void learnsLimitsAndPausesFromOpenAiHeaders() {
    RateLimiter limiter = RateLimiter.of(0, 0);
    Map<String, String> h = Map.of("x-ratelimit-limit-requests", "600",
        "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "400ms",
        "x-ratelimit-limit-tokens", "150000");

    limiter.observe(h::get);
    long start = System.nanoTime();
    limiter.acquire(1);

    assertThat(limiter.requestsPerMinute()).isEqualTo(600);
    assertThat(limiter.tokensPerMinute()).isEqualTo(150000);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(350));
  }

  @Test
  void anExplicitLimitIsOnlyLowered() {
    RateLimiter limiter = RateLimiter.of(100, 0);

    limiter.observe(Map.of("x-ratelimit-limit-requests", "500")::get);
    assertThat(limiter.requestsPerMinute()).isEqualTo(100);
    limiter.observe(Map.of("anthropic-ratelimit-requests-limit", "50")::get);
    assertThat(limiter.requestsPerMinute()).isEqualTo(50);
  }

  @Test
  void sharedLimitersAreOnePerEndpointAndKey() {
    RateLimiter a = RateLimiter.shared("https://x/v1/", "k1", 60, 0);
    RateLimiter b = RateLimiter.shared("https://x/v1/", "k1", 30, 0);
    RateLimiter c = RateLimiter.shared("https://x/v1/", "k2", 60, 0);

    assertThat(a).isSameAs(b).isNotSameAs(c);
    assertThat(a.requestsPerMinute()).isEqualTo(30);
  }

  @Test
  void parsesResetDurations() {
    assertThat(RateLimiter.resetDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
    assertThat(RateLimiter.resetDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(RateLimiter.resetDuration("20ms")).isEqualTo(Duration.ofMillis(20));
    assertThat(RateLimiter.resetDuration("1h2m")).isEqualTo(Duration.ofMinutes(62));
    assertThat(RateLimiter.resetDuration("soon")).isNull();
  }
}
