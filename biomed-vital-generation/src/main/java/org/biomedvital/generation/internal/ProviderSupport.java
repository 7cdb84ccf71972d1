package org.biomedvital.generation.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Secrets;
import org.biomedvital.generation.http.Budget;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.ResponseCache;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;

/**
 * The settings every chat provider reads, and the decorator chain it puts around its client.
 *
 * <p>Keys: {@code api-key} or {@code api-key-env} (the name of an environment variable holding the
 * key; default the vendor's conventional variable when the vendor's own endpoint is called), {@code max-retries} (default 5), {@code rpm}, {@code tpm}, {@code cache-dir}, {@code
 * budget-usd} (with {@code budget-spent-usd}, the spend of earlier runs), {@code timeout} (read
 * timeout).
 */
public final class ProviderSupport {
  /** The image types the vision APIs accept (OpenAI, Azure, Anthropic). */
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private ProviderSupport() {}

  /**
   * The media type of an image a vision API takes.
   *
   * @throws InvalidDataException naming the image and saying to convert it when it is not PNG,
   *     JPEG, GIF or WebP
   */
  public static String imageMediaType(String provider, ContentPart.Image img) {
    String type = img.image().mediaType();
    if (!IMAGE_TYPES.contains(type)) {
      throw new InvalidDataException(img.image().toString(), 0, null, provider
          + " accepts PNG, JPEG, GIF and WebP images but this one is " + type
          + "; convert it first");
    }
    return type;
  }

  /** The keys every chat provider of this module reads (see the class comment). */
  public static final Set<String> CHAT_KEYS = Set.of("base-url", "model", "api-key",
      "api-key-env", "detail", "timeout", "max-retries", "rpm", "tpm", "cache-dir", "budget-usd",
      "budget-spent-usd");

  /** {@link #CHAT_KEYS} plus {@code more}. */
  public static Set<String> chatKeys(String... more) {
    Set<String> all = new TreeSet<>(CHAT_KEYS);
    all.addAll(Arrays.asList(more));
    return Collections.unmodifiableSet(all);
  }

  /**
   * The API key from {@code api-key}, else from the variable named by {@code api-key-env}, else,
   * when the call goes to the vendor, from the vendor's conventional variable.
   *
   * @param provider the provider name, for messages
   * @param url the endpoint the provider will call, for messages
   * @param defaultEnv the vendor's variable, e.g. {@code OPENAI_API_KEY}
   * @param vendor whether the endpoint is the vendor's own (then a key is required, and the
   *     conventional variable is read; a key is never sent to another host unless named)
   * @throws IllegalArgumentException when a named variable is unset, or the vendor would be called
   *     without a key; the message says how to set one
   */
  public static Optional<String> apiKey(ProviderSettings settings, String provider, String url,
      String defaultEnv, boolean vendor) {
    return apiKey(settings, provider, url, defaultEnv, vendor, System::getenv);
  }

  /** As {@link #apiKey(ProviderSettings, String, String, String, boolean)} reading {@code env}. */
  public static Optional<String> apiKey(ProviderSettings settings, String provider, String url,
      String defaultEnv, boolean vendor, Function<String, String> env) {
    Optional<String> direct = settings.get("api-key");
    if (direct.isPresent()) {
      return direct;
    }
    Optional<String> named = settings.get("api-key-env");
    if (named.isPresent()) {
      String v = env.apply(named.get());
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(provider + ": setting 'api-key-env' names the "
            + "environment variable '" + named.get() + "' but it is not set; export it");
      }
      return Optional.of(v.trim());
    }
    if (!vendor) {
      return Optional.empty();
    }
    String v = env.apply(defaultEnv);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(provider + " would call " + Secrets.safeUrl(url) + " without an API key: export "
          + defaultEnv + ", or set 'api-key-env' to the variable holding the key"
          + ("azure-openai".equals(provider) ? "" : ", or set 'base-url' to a local server "
              + "(vLLM, Ollama...) that needs none"));
    }
    return Optional.of(v.trim());
  }

  /**
   * Refuses a client that would call OpenAI itself without a key (never a keyless call to
   * api.openai.com).
   *
   * @throws IllegalStateException saying how to set one
   */
  public static void requireVendorKey(String provider, String baseUrl, String apiKey) {
    if (apiKey == null && isHost(baseUrl, "openai.com")) {
      throw new IllegalStateException(provider + " would call " + Secrets.safeUrl(baseUrl)
          + " without an API key: pass apiKey(System.getenv(\"OPENAI_API_KEY\")), or set"
          + " baseUrl to a local server (vLLM, Ollama...) that needs none");
    }
  }

  /** Whether {@code url}'s host is {@code host} or a subdomain of {@code domain}. */
  public static boolean isHost(String url, String domain) {
    HttpUrl u = HttpUrl.parse(url);
    if (u == null) {
      return false;
    }
    String h = u.host().toLowerCase(Locale.ROOT);
    return h.equals(domain) || h.endsWith("." + domain);
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

  /**
   * Sets what a chat provider reads for its client builder: the {@code timeout} setting as the read
   * timeout, and the rate limiter when there is one.
   */
  public static void timeoutAndLimiter(HttpClientBuilder<?> b, ProviderSettings settings,
      RateLimiter limiter) {
    timeout(settings).ifPresent(b::readTimeout);
    if (limiter != null) {
      b.rateLimiter(limiter);
    }
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
