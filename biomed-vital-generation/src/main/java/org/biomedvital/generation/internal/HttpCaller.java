package org.biomedvital.generation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.http.RateLimiter;

/**
 * How a built HTTP client of this module calls its service: one provider name, one OkHttp client,
 * the key to scrub from every message and an optional rate limiter fed every response's headers.
 * Requests go through {@link HttpSupport} and outcomes map through {@link ExceptionMapper}, so
 * every client reports errors, malformed replies and closed connections the same way. Immutable
 * and thread-safe; made by {@link HttpClientSettings#caller(String)}.
 */
public final class HttpCaller {
  private final String provider;
  private final OkHttpClient client;
  private final String apiKey;
  private final Consumer<Headers> headersSeen;

  HttpCaller(String provider, OkHttpClient client, String apiKey, RateLimiter rateLimiter) {
    this.provider = provider;
    this.client = client;
    this.apiKey = apiKey;
    this.headersSeen = rateLimiter == null ? null : h -> rateLimiter.observe(h::get);
  }

  /** The provider name messages show. */
  public String provider() {
    return provider;
  }

  /** The key, or null; never show it. */
  public String apiKey() {
    return apiKey;
  }

  /** POSTs JSON and returns the 2xx response (see {@link HttpSupport#postJson}). */
  public HttpSupport.HttpResult postJson(String url, Headers headers, String json) {
    return HttpSupport.postJson(client, provider, url, headers, json, headersSeen, apiKey);
  }

  /** Executes a request and returns the 2xx response (see {@link HttpSupport#execute}). */
  public HttpSupport.HttpResult execute(Request request) {
    return HttpSupport.execute(client, provider, request, headersSeen, apiKey);
  }

  /** Streams the lines of a 2xx response body (see {@link HttpSupport#lines}). */
  public void lines(Request request, Consumer<String> lines) {
    HttpSupport.lines(client, provider, request, lines, apiKey);
  }

  /** Reads a 2xx body as JSON; a body that is not JSON is a retriable malformed response. */
  public JsonNode readJson(String url, String body) {
    return HttpSupport.readJson(provider, url, body, apiKey);
  }

  /**
   * Reads a 2xx body that must be a JSON object.
   *
   * @throws RemoteServiceException (not retriable) when it is JSON but no object
   */
  public JsonNode readObject(String url, String body) {
    JsonNode n = readJson(url, body);
    if (n == null || !n.isObject()) {
      throw malformed(url, "not a JSON object", body);
    }
    return n;
  }

  /** The (not retriable) exception for a 2xx body that is not what the API promises. */
  public RemoteServiceException malformed(String url, String problem, String body) {
    return ExceptionMapper.malformed(provider, url, problem, body, false, apiKey);
  }
}
