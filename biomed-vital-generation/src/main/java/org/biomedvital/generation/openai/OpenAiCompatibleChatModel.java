package org.biomedvital.generation.openai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpCaller;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;

/**
 * A {@link VisionChatModel} over any OpenAI-compatible {@code /chat/completions} endpoint: OpenAI,
 * vLLM, Ollama, LM Studio, the llama.cpp server.
 *
 * <h2>Requests</h2>
 * Images go as {@code image_url} parts holding a base64 {@code data:} URL with the media type
 * sniffed from their content and an optional detail level. The API key, when there is one, goes as
 * {@code Authorization: Bearer}; servers that need none get no header.
 *
 * <h2>Errors</h2>
 * HTTP failures map to {@link org.biomedvital.AuthenticationException} (401/403), {@link
 * org.biomedvital.RateLimitedException} (429, with the server's wait) and {@link
 * org.biomedvital.RemoteServiceException} (retriable for 408, 409, 5xx, timeouts and connection
 * failures). This client makes exactly one attempt: wrap it in a {@link
 * org.biomedvital.generation.http.ResilientChatModel} for retries, rate limits, cache and budget.
 *
 * <pre>{@code
 * VisionChatModel model = OpenAiCompatibleChatModel.builder()
 *     .baseUrl("http://localhost:8000/v1/")
 *     .model("llava-hf/llava-v1.6-mistral-7b-hf")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The key never appears in {@link #toString()}, messages or logs.
 */
public final class OpenAiCompatibleChatModel implements VisionChatModel {
  /** The provider name in messages and SPI lookup. */
  public static final String PROVIDER = "openai-compatible";
  /** OpenAI's API base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1/";
  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = HttpClientSettings.DEFAULT_CONNECT_TIMEOUT;
  /** Default read timeout (vision replies of 1-2k tokens take a while). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
  /** Default timeout of a whole call. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(300);

  private final HttpClientSettings http;
  private final HttpCaller caller;
  private final String model;
  private final String detail;
  private final ModelFamily family;
  private final Map<String, String> extraHeaders;
  private final String url;
  private final Headers headers;

  private OpenAiCompatibleChatModel(Builder b, HttpClientSettings http) {
    this.http = http;
    this.caller = http.caller(PROVIDER);
    this.model = b.model;
    this.detail = b.detail;
    this.family = b.familyOr(b.model);
    this.extraHeaders = Checks.orderedCopy(b.extraHeaders);
    this.url = http.baseUrl() + "chat/completions";
    Headers.Builder h = http.bearerHeaders();
    extraHeaders.forEach(h::add);
    this.headers = h.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(HttpClientSettings.of(
        "baseUrl", DEFAULT_BASE_URL, DEFAULT_READ_TIMEOUT, DEFAULT_CALL_TIMEOUT));
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(http.copy());
    b.model = model;
    b.detail = detail;
    b.family = family;
    b.extraHeaders.putAll(extraHeaders);
    return b;
  }

  /** The base URL, ending in {@code /}. */
  public String baseUrl() {
    return http.baseUrl();
  }

  /** The model id sent with each request (a request may override it). */
  public String model() {
    return model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = OpenAiWire.requestBody(request, model, detail, PROVIDER, family);
    return OpenAiWire.parse(caller, url, caller.postJson(url, headers, body).body());
  }

  @Override
  public String toString() {
    return http.describe("OpenAiCompatibleChatModel", model);
  }

  /**
   * Builds {@link OpenAiCompatibleChatModel}s; {@code model} is required. Key, OkHttp client,
   * timeouts (default {@link #DEFAULT_READ_TIMEOUT}, {@link #DEFAULT_CALL_TIMEOUT}) and rate limiter
   * ({@code x-ratelimit-*} headers) are {@link HttpClientBuilder}'s; the key is optional.
   */
  public static final class Builder extends OpenAiClientBuilder<Builder> {
    private String model;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    private Builder(HttpClientSettings http) {
      super(http);
    }

    /**
     * The base URL up to and including the version, e.g. {@code http://localhost:11434/v1/};
     * default {@link #DEFAULT_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      settings().baseUrl(baseUrl);
      return this;
    }

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** Adds a header sent with every request (e.g. {@code OpenAI-Organization}). */
    public Builder header(String name, String value) {
      extraHeaders.put(Checks.notBlank(name, "name"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException when the model is missing, or when OpenAI itself would be
     *     called without a key
     */
    public OpenAiCompatibleChatModel build() {
      return new OpenAiCompatibleChatModel(this, settings().checkedCopy(PROVIDER, model));
    }
  }
}
