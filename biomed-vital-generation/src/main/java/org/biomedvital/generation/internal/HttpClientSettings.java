package org.biomedvital.generation.internal;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Secrets;

/**
 * The settings every HTTP client of this module shares: base URL, API key, OkHttp client, the
 * three timeouts and an optional rate limiter. Each public client builder holds one, forwards its setters here (so they check
 * their argument the same way everywhere) and keeps a {@link #copy()} in the built client for
 * {@code toBuilder()}. Not thread-safe while a builder fills it; clients only read their copy.
 */
public final class HttpClientSettings {
  /** The connect timeout of every client unless set: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrlName;
  private String baseUrl;
  private String apiKey;
  private OkHttpClient client = HttpSupport.shared();
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout;
  private Duration callTimeout;
  private boolean keyRequired;
  private RateLimiter rateLimiter;

  private HttpClientSettings(String baseUrlName, String baseUrl, Duration read, Duration call) {
    this.baseUrlName = baseUrlName;
    this.baseUrl = baseUrl;
    this.readTimeout = read;
    this.callTimeout = call;
  }

  /**
   * Settings with the shared OkHttp client, {@link #DEFAULT_CONNECT_TIMEOUT} and no key.
   *
   * @param baseUrlName the builder method that sets the base URL ({@code baseUrl}, {@code
   *     endpoint}), named in messages
   * @param defaultBaseUrl the base URL unless set; null when it is required
   */
  public static HttpClientSettings of(String baseUrlName, String defaultBaseUrl,
      Duration readTimeout, Duration callTimeout) {
    return new HttpClientSettings(baseUrlName, defaultBaseUrl,
        Checks.positive(readTimeout, "readTimeout"), Checks.positive(callTimeout, "callTimeout"));
  }

  /** An independent copy (for a built client to keep, and for {@code toBuilder()}). */
  public HttpClientSettings copy() {
    HttpClientSettings c = new HttpClientSettings(baseUrlName, baseUrl, readTimeout, callTimeout);
    c.apiKey = apiKey;
    c.client = client;
    c.connectTimeout = connectTimeout;
    c.keyRequired = keyRequired;
    c.rateLimiter = rateLimiter;
    return c;
  }

  /** These settings for a service that requires a key: {@link #apiKey(String)} refuses none. */
  public HttpClientSettings keyRequired() {
    this.keyRequired = true;
    return this;
  }

  /**
   * Sets the key: for a service that requires one ({@link #keyRequired()}) never null or blank,
   * else null or blank means none (local servers); trimmed.
   */
  public void apiKey(String key) {
    if (keyRequired) {
      requiredApiKey(key);
    } else {
      optionalApiKey(key);
    }
  }

  /** Sets the rate limiter every response's headers update; null for none. */
  public void rateLimiter(RateLimiter limiter) {
    this.rateLimiter = limiter;
  }

  /** The rate limiter, or null when there is none. */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /**
   * The caller of a built client: a client with these timeouts, the key (scrubbed from messages)
   * and the rate limiter, under the provider name messages show.
   */
  public HttpCaller caller(String provider) {
    return new HttpCaller(provider, newClient(), apiKey, rateLimiter);
  }

  /** Sets the base URL after checking it is an http(s) URL. */
  public void baseUrl(String url) {
    Checks.notBlank(url, baseUrlName);
    Checks.checkArgument(HttpUrl.parse(url) != null, "%s must be an http(s) URL but was '%s'",
        baseUrlName, Secrets.safeUrl(url));
    this.baseUrl = url;
  }

  /** Sets an optional key: null or blank means none (local servers); trimmed otherwise. */
  public void optionalApiKey(String key) {
    this.apiKey = key == null || key.isBlank() ? null : key.trim();
  }

  /** Sets a key the service requires: never null or blank; trimmed. */
  public void requiredApiKey(String key) {
    this.apiKey = Checks.notBlank(key, "apiKey").trim();
  }

  /** Sets the OkHttp client whose pool and dispatcher to share. */
  public void httpClient(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
  }

  /** Sets the connect timeout (> 0). */
  public void connectTimeout(Duration timeout) {
    this.connectTimeout = Checks.positive(timeout, "connectTimeout");
  }

  /** Sets the read (and write) timeout (> 0). */
  public void readTimeout(Duration timeout) {
    this.readTimeout = Checks.positive(timeout, "readTimeout");
  }

  /** Sets the timeout of a whole call (> 0). */
  public void callTimeout(Duration timeout) {
    this.callTimeout = Checks.positive(timeout, "callTimeout");
  }

  /** Sets the read and the call timeout together (> 0), for clients with a single timeout. */
  public void timeout(Duration timeout) {
    Checks.positive(timeout, "timeout");
    this.readTimeout = timeout;
    this.callTimeout = timeout;
  }

  /** Throws {@code IllegalStateException} saying how to set the base URL when there is none. */
  public void requireBaseUrl() {
    Checks.checkState(baseUrl != null, "%s is required; call %s(...)", baseUrlName, baseUrlName);
  }

  /**
   * The copy a built client that calls one model keeps, after its checks in this order: the key
   * when the service requires one ({@link #requireApiKey()}), the model, and a key when OpenAI
   * itself would be called ({@link ProviderSupport#requireVendorKey}).
   *
   * @param provider the provider name, in messages
   * @param model the model the builder holds, null when none was set
   * @throws IllegalStateException naming what is missing and how to set it
   */
  public HttpClientSettings checkedCopy(String provider, String model) {
    if (keyRequired) {
      requireApiKey();
    }
    Checks.checkState(model != null, "model is required; call model(...)");
    ProviderSupport.requireVendorKey(provider, baseUrl, apiKey);
    return copy();
  }

  /**
   * A client's {@code toString()}: {@code type{baseUrl=..., model=..., apiKey=...}}, the URL
   * without its query and the key masked.
   */
  public String describe(String type, String model) {
    return type + "{baseUrl=" + Secrets.safeUrl(baseUrl()) + ", model=" + model + ", apiKey="
        + maskedApiKey() + "}";
  }

  /** Throws {@code IllegalStateException} saying how to set the key when there is none. */
  public void requireApiKey() {
    Checks.checkState(apiKey != null, "apiKey is required; call apiKey(...)");
  }

  /** The base URL as set, or null when none is set yet. */
  public String rawBaseUrl() {
    return baseUrl;
  }

  /** The base URL ending in {@code /}. */
  public String baseUrl() {
    return baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  /** The key, or null when there is none. Never show it: see {@link #maskedApiKey()}. */
  public String apiKey() {
    return apiKey;
  }

  /** The key masked for {@code toString()}, or {@code none}. */
  public String maskedApiKey() {
    return apiKey == null ? "none" : Secrets.mask(apiKey);
  }

  /** The read timeout. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** The call timeout. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** A client sharing the configured client's pool and dispatcher, with these timeouts. */
  public OkHttpClient newClient() {
    return HttpSupport.withTimeouts(client, connectTimeout, readTimeout, callTimeout);
  }

  /** Headers with {@code Authorization: Bearer <key>} when there is a key, else none. */
  public Headers.Builder bearerHeaders() {
    Headers.Builder h = new Headers.Builder();
    if (apiKey != null) {
      h.add("Authorization", "Bearer " + apiKey);
    }
    return h;
  }
}
