package org.biomedvital.generation.anthropic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ExceptionMapper;
import org.biomedvital.generation.internal.HttpSupport;
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

  private static final Set<String> IMAGE_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private final String baseUrl;
  private final String apiKey;
  private final String model;
  private final OkHttpClient client;
  private final RateLimiter rateLimiter;
  private final String url;
  private final Headers headers;

  private AnthropicChatModel(Builder b) {
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl : b.baseUrl + "/";
    this.apiKey = b.apiKey;
    this.model = b.model;
    this.client = HttpSupport.withTimeouts(b.client, b.connectTimeout, b.readTimeout, b.callTimeout);
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
          String type = img.image().mediaType();
          if (!IMAGE_TYPES.contains(type)) {
            throw new InvalidDataException(img.image().toString(), 0, null, PROVIDER
                + " accepts PNG, JPEG, GIF and WebP images but this one is " + type
                + "; convert it first");
          }
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
    JsonNode n;
    try {
      n = Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw ExceptionMapper.malformed(PROVIDER, url, "not JSON (" + e.getOriginalMessage() + ")",
          body, true, apiKey);
    }
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
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiKey;
    private String model;
    private OkHttpClient client = HttpSupport.shared();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private Duration callTimeout = Duration.ofSeconds(300);
    private RateLimiter rateLimiter;

    private Builder() {}

    /** The base URL; default {@link #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      Checks.notBlank(baseUrl, "baseUrl");
      Checks.checkArgument(HttpUrl.parse(baseUrl) != null,
          "baseUrl must be an http(s) URL but was '%s'", Secrets.safeUrl(baseUrl));
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key (required). Never shown. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.notBlank(apiKey, "apiKey").trim();
      return this;
    }

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** The OkHttp client whose pool to share. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The connect timeout; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The read timeout; default 120 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The timeout of a whole call; default 300 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** A rate limiter to update from the {@code anthropic-ratelimit-*} headers. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      Checks.checkArgument(!d.isNegative() && !d.isZero(), "%s must be > 0 but was %s", name, d);
      return d;
    }

    /** Builds the client. @throws IllegalStateException naming what is missing */
    public AnthropicChatModel build() {
      Checks.checkState(apiKey != null, "apiKey is required; call apiKey(...)");
      Checks.checkState(model != null, "model is required; call model(...)");
      return new AnthropicChatModel(this);
    }
  }
}
