package org.biomedvital.generation.openai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.HttpSupport;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Secrets;
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
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default read timeout (vision replies of 1-2k tokens take a while). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
  /** Default timeout of a whole call. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(300);

  private final String baseUrl;
  private final String apiKey;
  private final String model;
  private final String detail;
  private final ModelFamily family;
  private final Map<String, String> extraHeaders;
  private final OkHttpClient client;
  private final OkHttpClient baseClient;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final RateLimiter rateLimiter;
  private final String url;
  private final Headers headers;

  private OpenAiCompatibleChatModel(Builder b) {
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl : b.baseUrl + "/";
    this.apiKey = b.apiKey;
    this.model = b.model;
    this.detail = b.detail;
    this.family = b.family != null ? b.family : ModelFamily.of(b.model);
    this.extraHeaders = Map.copyOf(b.extraHeaders);
    this.baseClient = b.client;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.client = HttpSupport.withTimeouts(b.client, connectTimeout, readTimeout, callTimeout);
    this.rateLimiter = b.rateLimiter;
    this.url = this.baseUrl + "chat/completions";
    Headers.Builder h = new Headers.Builder();
    if (apiKey != null) {
      h.add("Authorization", "Bearer " + apiKey);
    }
    extraHeaders.forEach(h::add);
    this.headers = h.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder().baseUrl(baseUrl).model(model).detail(detail)
        .httpClient(baseClient).connectTimeout(connectTimeout).readTimeout(readTimeout)
        .callTimeout(callTimeout);
    b.apiKey = apiKey;
    b.extraHeaders.putAll(extraHeaders);
    b.rateLimiter = rateLimiter;
    b.family = family;
    return b;
  }

  /** The base URL, ending in {@code /}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The model id sent with each request (a request may override it). */
  public String model() {
    return model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = OpenAiWire.requestBody(request, model, detail, PROVIDER, family);
    HttpSupport.HttpResult r = HttpSupport.postJson(client, PROVIDER, url, headers, body,
        rateLimiter == null ? null : h -> rateLimiter.observe(h::get), apiKey);
    return OpenAiWire.parse(PROVIDER, url, r.body(), apiKey);
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleChatModel{baseUrl=" + Secrets.safeUrl(baseUrl) + ", model=" + model
        + ", apiKey=" + (apiKey == null ? "none" : Secrets.mask(apiKey)) + "}";
  }

  /** Builds {@link OpenAiCompatibleChatModel}s; {@code model} is required. */
  public static final class Builder {
    private static final Set<String> DETAILS = Set.of("", "low", "high", "auto");
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiKey;
    private String model;
    private String detail = "";
    private ModelFamily family;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private OkHttpClient client = HttpSupport.shared();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private RateLimiter rateLimiter;

    private Builder() {}

    /** The base URL up to and including the version, e.g. {@code http://localhost:11434/v1/}; default OpenAI's. */
    public Builder baseUrl(String baseUrl) {
      Checks.notBlank(baseUrl, "baseUrl");
      if (HttpUrl.parse(baseUrl) == null) {
        throw new IllegalArgumentException(
            "baseUrl must be an http(s) URL but was '" + Secrets.safeUrl(baseUrl) + "'");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key; default none (local servers). Never shown. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
      return this;
    }

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /**
     * Which parameters the model takes; default by model id ({@link ModelFamily#of}). Reasoning
     * models get {@code max_completion_tokens} and no temperature.
     */
    public Builder modelFamily(ModelFamily family) {
      this.family = Objects.requireNonNull(family, "family == null");
      return this;
    }

    /** The default image detail: {@code low}, {@code high}, {@code auto} or empty (server default). */
    public Builder detail(String detail) {
      Objects.requireNonNull(detail, "detail == null");
      Checks.checkArgument(DETAILS.contains(detail),
          "detail must be one of low, high, auto or empty but was '%s'", detail);
      this.detail = detail;
      return this;
    }

    /** Adds a header sent with every request (e.g. {@code OpenAI-Organization}). */
    public Builder header(String name, String value) {
      extraHeaders.put(Checks.notBlank(name, "name"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** The OkHttp client whose pool and dispatcher to share; default the library's shared one. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The read timeout; default {@link #DEFAULT_READ_TIMEOUT}. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The timeout of a whole call; default {@link #DEFAULT_CALL_TIMEOUT}. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** A rate limiter to update from the {@code x-ratelimit-*} response headers; default none. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0 but was " + d);
      }
      return d;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException when the model is missing, or when OpenAI itself would be
     *     called without a key
     */
    public OpenAiCompatibleChatModel build() {
      Checks.checkState(model != null, "model is required; call model(...)");
      ProviderSupport.requireVendorKey(PROVIDER, baseUrl, apiKey);
      return new OpenAiCompatibleChatModel(this);
    }
  }
}
