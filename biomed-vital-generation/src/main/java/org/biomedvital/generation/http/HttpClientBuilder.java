package org.biomedvital.generation.http;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.biomedvital.Experimental;
import org.biomedvital.generation.internal.HttpClientSettings;

/**
 * The settings every HTTP client builder of this module shares, set the same way in each: API key,
 * OkHttp client, timeouts and rate limiter. Each client names its own defaults ({@code
 * DEFAULT_READ_TIMEOUT}, {@code DEFAULT_CALL_TIMEOUT} or {@code DEFAULT_TIMEOUT}); the connect
 * timeout is 10 s everywhere. Base URL and model stay with each client, where they differ.
 *
 * @param <B> the client's builder, returned by every setter
 */
@Experimental("the shared part of the client builders; may gain settings")
public abstract class HttpClientBuilder<B extends HttpClientBuilder<B>> {
  private final HttpClientSettings http;

  /**
   * For the builders of this module's clients.
   *
   * @param http the settings this builder fills (its own copy)
   */
  protected HttpClientBuilder(HttpClientSettings http) {
    this.http = http;
  }

  /** This builder, as its own type (every subclass is a {@code B}). */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  /** The settings as set so far. */
  protected final HttpClientSettings settings() {
    return http;
  }

  /**
   * The API key. Hosted services (Azure OpenAI, Anthropic) require one; for OpenAI-compatible
   * servers it is optional, and null or blank means none (local servers). Never shown.
   */
  public B apiKey(String apiKey) {
    http.apiKey(apiKey);
    return self();
  }

  /** The OkHttp client whose pool and dispatcher to share; default the library's shared one. */
  public B httpClient(OkHttpClient client) {
    http.httpClient(client);
    return self();
  }

  /** The connect timeout (> 0); default 10 s. */
  public B connectTimeout(Duration timeout) {
    http.connectTimeout(timeout);
    return self();
  }

  /** The read (and write) timeout (> 0); default the client's. */
  public B readTimeout(Duration timeout) {
    http.readTimeout(timeout);
    return self();
  }

  /** The timeout of a whole call (> 0); default the client's. */
  public B callTimeout(Duration timeout) {
    http.callTimeout(timeout);
    return self();
  }

  /** The read and the call timeout together (> 0); default the client's. */
  public B timeout(Duration timeout) {
    http.timeout(timeout);
    return self();
  }

  /**
   * A rate limiter to update from the rate-limit response headers ({@code x-ratelimit-*}, {@code
   * anthropic-ratelimit-*}); default none.
   */
  public B rateLimiter(RateLimiter limiter) {
    http.rateLimiter(java.util.Objects.requireNonNull(limiter, "limiter == null"));
    return self();
  }
}
