package org.biomedvital.generation.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ExceptionMapper;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.generation.internal.HttpSupport;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.Secrets;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ChatRole;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.model.VisionChatModel;

/**
 * A {@link VisionChatModel} over the Anthropic Messages API ({@code POST <base>/v1/messages}).
 * System messages go into the top-level {@code system} field; images go as base64 {@code image}
 * blocks with the media type of their content; the key goes in {@code x-api-key}. A JSON reply is
 * asked for in the system prompt (the API has no JSON mode). HTTP 529 (overloaded) is retriable like
 * every 5xx.
 *
 * <pre>{@code
 * VisionChatModel model = AnthropicChatModel.builder()
 *     .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *     .model("claude-sonnet-4-20250514")
 *     .build();
 * }</pre>
 *
 * <p>One attempt per call: wrap it in a {@link org.biomedvital.generation.http.ResilientChatModel}
 * for retries and limits. Immutable and thread-safe; the key never appears in {@link #toString()},
 * messages or logs.
 */
public final class AnthropicChatModel implements VisionChatModel {
  /** The provider name. */
  public static final String PROVIDER = "anthropic";
  /** The API base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/";
  /** The {@code anthropic-version} header value. */
  public static final String API_VERSION = "2023-06-01";
  /** The {@code max_tokens} sent when a request sets none (the API requires one). */
  public static final int DEFAULT_MAX_TOKENS = 4096;
  /** Default connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = HttpClientSettings.DEFAULT_CONNECT_TIMEOUT;
  /** Default read timeout: 120 s (vision replies of 1-2k tokens take a while). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
  /** Default timeout of a whole call: 300 s. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(300);


  private final HttpClientSettings http;
  private final String baseUrl;
  private final String apiKey;
  private final String model;
  private final OkHttpClient client;
  private final RateLimiter rateLimiter;
  private final String url;
  private final Headers headers;

  private AnthropicChatModel(Builder b) {
    this.http = b.http.copy();
    this.baseUrl = http.baseUrl();
    this.apiKey = http.apiKey();
    this.model = b.model;
    this.client = http.newClient();
    this.rateLimiter = b.rateLimiter;
    this.url = baseUrl + "v1/messages";
    this.headers = new Headers.Builder()
        .add("x-api-key", apiKey)
        .add("anthropic-version", API_VERSION)
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.http = http.copy();
    b.model = model;
    b.rateLimiter = rateLimiter;
    return b;
  }

  /** The model id. */
  public String model() {
    return model;
  }

  /** The base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = requestBody(request);
    HttpSupport.HttpResult r = HttpSupport.postJson(client, PROVIDER, url, headers, body,
        rateLimiter == null ? null : h -> rateLimiter.observe(h::get), apiKey);
    return parse(r.body());
  }

  private String requestBody(ChatRequest request) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("model", request.model().orElse(model));
    n.put("max_tokens", request.maxTokens().orElse(DEFAULT_MAX_TOKENS));
    StringBuilder system = new StringBuilder();
    ArrayNode messages = n.putArray("messages");
    for (ChatMessage m : request.messages()) {
      if (m.role() == ChatRole.SYSTEM) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(m.text());
        continue;
      }
      ObjectNode mn = messages.addObject();
      mn.put("role", m.role() == ChatRole.USER ? "user" : "assistant");
      ArrayNode content = mn.putArray("content");
      for (ContentPart p : m.parts()) {
        if (p instanceof ContentPart.Text) {
          content.addObject().put("type", "text").put("text", ((ContentPart.Text) p).text());
        } else {
          ContentPart.Image img = (ContentPart.Image) p;
          String type = ProviderSupport.imageMediaType(PROVIDER, img);
          ObjectNode source = content.addObject().put("type", "image").putObject("source");
          source.put("type", "base64").put("media_type", type)
              .put("data", Base64.getEncoder().encodeToString(ImageLimits.check(img.image(), null).bytes()));
        }
      }
    }
    if (request.responseFormat() == ResponseFormat.JSON_OBJECT) {
      if (system.length() > 0) {
        system.append("\n\n");
      }
      system.append("Reply with one JSON object and nothing else.");
    }
    if (system.length() > 0) {
      n.put("system", system.toString());
    }
    request.temperature().ifPresent(v -> n.put("temperature", Math.min(1.0, v)));
    request.topP().ifPresent(v -> n.put("top_p", v));
    return n.toString();
  }

  private ChatResponse parse(String body) {
    JsonNode n = HttpSupport.readJson(PROVIDER, url, body, apiKey);
    JsonNode content = n == null ? null : n.path("content");
    if (content == null || !content.isArray()) {
      throw ExceptionMapper.malformed(PROVIDER, url, "no 'content' list", body, false, apiKey);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText())) {
        text.append(block.path("text").asText(""));
      }
    }
    JsonNode usage = n.path("usage");
    return new ChatResponse(text.toString(),
        new TokenUsage(Math.max(0, usage.path("input_tokens").asLong(0)),
            Math.max(0, usage.path("output_tokens").asLong(0))),
        n.path("model").asText(""), n.path("stop_reason").asText(""));
  }

  @Override
  public String toString() {
    return "AnthropicChatModel{baseUrl=" + Secrets.safeUrl(baseUrl) + ", model=" + model
        + ", apiKey=" + Secrets.mask(apiKey) + "}";
  }

  /** Builds {@link AnthropicChatModel}s; key and model are required. */
  public static final class Builder {
    private HttpClientSettings http = HttpClientSettings.of(
        "baseUrl", DEFAULT_BASE_URL, DEFAULT_READ_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    private String model;
    private RateLimiter rateLimiter;

    private Builder() {}

    /** The base URL; default {@link #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      http.baseUrl(baseUrl);
      return this;
    }

    /** The API key (required). Never shown. */
    public Builder apiKey(String apiKey) {
      http.requiredApiKey(apiKey);
      return this;
    }

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** The OkHttp client whose pool to share; default the library's shared one. */
    public Builder httpClient(OkHttpClient client) {
      http.httpClient(client);
      return this;
    }

    /** The connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** The read timeout; default {@link #DEFAULT_READ_TIMEOUT}. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** The timeout of a whole call; default {@link #DEFAULT_CALL_TIMEOUT}. */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** A rate limiter to update from the {@code anthropic-ratelimit-*} headers; default none. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    /** Builds the client. @throws IllegalStateException naming what is missing and how to set it */
    public AnthropicChatModel build() {
      http.requireApiKey();
      Checks.checkState(model != null, "model is required; call model(...)");
      return new AnthropicChatModel(this);
    }
  }
}
