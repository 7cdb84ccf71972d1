package org.biomedvital.generation.internal;

import java.time.Duration;
import java.util.Optional;
import org.biomedvital.generation.http.Budget;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.ResponseCache;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;

/**
 * The settings every chat provider reads, and the decorator chain it puts around its client.
 *
 * <p>Keys: {@code api-key} or {@code api-key-env} (the name of an environment variable holding the
 * key), {@code max-retries} (default 5), {@code rpm}, {@code tpm}, {@code cache-dir}, {@code
 * budget-usd} (with {@code budget-spent-usd}, the spend of earlier runs), {@code timeout} (read
 * timeout).
 */
public final class ProviderSupport {
  private ProviderSupport() {}

  /** The API key from {@code api-key}, else from the variable named by {@code api-key-env}. */
  public static Optional<String> apiKey(ProviderSettings settings) {
    Optional<String> direct = settings.get("api-key");
    if (direct.isPresent()) {
      return direct;
    }
    Optional<String> env = settings.get("api-key-env");
    if (env.isEmpty()) {
      return Optional.empty();
    }
    String v = System.getenv(env.get());
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("setting 'api-key-env' names the environment variable '"
          + env.get() + "' but it is not set; export it or pass the key another way");
    }
    return Optional.of(v.trim());
  }

  /** The read timeout setting, if any. */
  public static Optional<Duration> timeout(ProviderSettings settings) {
    return settings.get("timeout").map(v -> settings.durationValue("timeout", Duration.ZERO));
  }

  /** The rate limiter shared by {@code endpoint} and key, when {@code rpm} or {@code tpm} is set. */
  public static Optional<RateLimiter> rateLimiter(
      ProviderSettings settings, String endpoint, String apiKey) {
    double rpm = settings.doubleValue("rpm", 0);
    double tpm = settings.doubleValue("tpm", 0);
    return Optional.of(RateLimiter.shared(endpoint, apiKey, rpm, tpm));
  }

  /** Wraps {@code raw} in retries, the shared limiter and, when set, a cache and a budget. */
  public static VisionChatModel wrap(VisionChatModel raw, ProviderSettings settings,
      String namespace, String model, RateLimiter limiter) {
    ResilientChatModel.Builder b = ResilientChatModel.builder(raw)
        .namespace(namespace)
        .model(model)
        .retryPolicy(RetryPolicy.DEFAULT.withMaxRetries(settings.intValue("max-retries", 5)));
    if (limiter != null) {
      b.rateLimiter(limiter);
    }
    settings.pathValue("cache-dir").ifPresent(d -> b.cache(ResponseCache.at(d)));
    settings.get("budget-usd").ifPresent(v -> b.budget(Budget.of(settings.doubleValue("budget-usd", 0),
        settings.doubleValue("budget-spent-usd", 0))));
    return b.build();
  }
}
