package org.biomedvital.generation.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import okhttp3.Headers;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.generation.internal.HttpCaller;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
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
  private final HttpCaller caller;
  private final String model;
  private final String url;
  private final Headers headers;

  private AnthropicChatModel(Builder b, HttpClientSettings http) {
    this.http = http;
    this.caller = http.caller(PROVIDER);
    this.model = b.model;
    this.url = http.baseUrl() + "v1/messages";
    this.headers = new Headers.Builder()
        .add("x-api-key", http.apiKey())
        .add("anthropic-version", API_VERSION)
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(HttpClientSettings.of(
        "baseUrl", DEFAULT_BASE_URL, DEFAULT_READ_TIMEOUT, DEFAULT_CALL_TIMEOUT).keyRequired());
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(http.copy());
    b.model = model;
    return b;
  }

  /** The model id. */
  public String model() {
    return model;
  }

  /** The base URL. */
  public String baseUrl() {
    return http.baseUrl();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = requestBody(request);
    return parse(caller.postJson(url, headers, body).body());
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
    JsonNode n = caller.readJson(url, body);
    JsonNode content = n == null ? null : n.path("content");
    if (content == null || !content.isArray()) {
      throw caller.malformed(url, "no 'content' list", body);
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
    return http.describe("AnthropicChatModel", model);
  }

  /**
   * Builds {@link AnthropicChatModel}s; key and model are required. Key, OkHttp client, timeouts
   * (default {@link #DEFAULT_READ_TIMEOUT}, {@link #DEFAULT_CALL_TIMEOUT}) and rate limiter
   * ({@code anthropic-ratelimit-*} headers) are {@link HttpClientBuilder}'s.
   */
  public static final class Builder extends HttpClientBuilder<Builder> {
    private String model;

    private Builder(HttpClientSettings http) {
      super(http);
    }

    /** The base URL; default {@link #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      settings().baseUrl(baseUrl);
      return this;
    }

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** Builds the client. @throws IllegalStateException naming what is missing and how to set it */
    public AnthropicChatModel build() {
      return new AnthropicChatModel(this, settings().checkedCopy(PROVIDER, model));
    }
  }
}
