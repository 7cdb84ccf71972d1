package org.biomedvital.generation.openai;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.HttpSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Secrets;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;

/**
 * A {@link VisionChatModel} over Azure OpenAI: {@code POST
 * <endpoint>/openai/deployments/<deployment>/chat/completions?api-version=<v>} with the key in the
 * {@code api-key} header. The wire format and the error mapping are those of {@link
 * OpenAiCompatibleChatModel}; the deployment, not the body, names the model.
 *
 * <pre>{@code
 * VisionChatModel model = AzureOpenAiChatModel.builder()
 *     .endpoint("https://my-resource.openai.azure.com/")
 *     .deployment("gpt-4o")
 *     .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the key never appears in {@link #toString()}, messages or logs.
 */
public final class AzureOpenAiChatModel implements VisionChatModel {
  /** The provider name. */
  public static final String PROVIDER = "azure-openai";
  /** The default {@code api-version}. */
  public static final String DEFAULT_API_VERSION = "2024-10-21";

  private final String endpoint;
  private final String deployment;
  private final String apiVersion;
  private final String apiKey;
  private final String detail;
  private final ModelFamily family;
  private final OkHttpClient client;
  private final RateLimiter rateLimiter;
  private final String url;
  private final Headers headers;

  private AzureOpenAiChatModel(Builder b) {
    this.endpoint = b.endpoint.endsWith("/") ? b.endpoint : b.endpoint + "/";
    this.deployment = b.deployment;
    this.apiVersion = b.apiVersion;
    this.apiKey = b.apiKey;
    this.detail = b.detail;
    this.family = b.family != null ? b.family : ModelFamily.of(b.deployment);
    this.client = HttpSupport.withTimeouts(b.client, b.connectTimeout, b.readTimeout, b.callTimeout);
    this.rateLimiter = b.rateLimiter;
    this.url = HttpUrl.get(endpoint).newBuilder()
        .addPathSegments("openai/deployments").addPathSegment(deployment)
        .addPathSegments("chat/completions").addQueryParameter("api-version", apiVersion)
        .build().toString();
    this.headers = new Headers.Builder().add("api-key", apiKey).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The deployment name (the model to the price table). */
  public String deployment() {
    return deployment;
  }

  /** The resource endpoint, ending in {@code /}. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = OpenAiWire.requestBody(request, null, detail, PROVIDER, family);
    HttpSupport.HttpResult r = HttpSupport.postJson(client, PROVIDER, url, headers, body,
        rateLimiter == null ? null : h -> rateLimiter.observe(h::get), apiKey);
    return OpenAiWire.parse(PROVIDER, url, r.body(), apiKey);
  }

  @Override
  public String toString() {
    return "AzureOpenAiChatModel{endpoint=" + Secrets.safeUrl(endpoint) + ", deployment="
        + deployment + ", apiVersion=" + apiVersion + ", apiKey=" + Secrets.mask(apiKey) + "}";
  }

  /** Builds {@link AzureOpenAiChatModel}s; endpoint, deployment and key are required. */
  public static final class Builder {
    private String endpoint;
    private String deployment;
    private String apiVersion = DEFAULT_API_VERSION;
    private String apiKey;
    private String detail = "";
    private ModelFamily family;
    private OkHttpClient client = HttpSupport.shared();
    private Duration connectTimeout = OpenAiCompatibleChatModel.DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = OpenAiCompatibleChatModel.DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = OpenAiCompatibleChatModel.DEFAULT_CALL_TIMEOUT;
    private RateLimiter rateLimiter;

    private Builder() {}

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com/} (required). */
    public Builder endpoint(String endpoint) {
      Checks.notBlank(endpoint, "endpoint");
      if (HttpUrl.parse(endpoint) == null) {
        throw new IllegalArgumentException(
            "endpoint must be an http(s) URL but was '" + Secrets.safeUrl(endpoint) + "'");
      }
      this.endpoint = endpoint;
      return this;
    }

    /** The deployment name (required). */
    public Builder deployment(String deployment) {
      this.deployment = Checks.notBlank(deployment, "deployment");
      return this;
    }

    /** The {@code api-version}; default {@link #DEFAULT_API_VERSION}. */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Checks.notBlank(apiVersion, "apiVersion");
      return this;
    }

    /** The API key (required). Never shown. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.notBlank(apiKey, "apiKey").trim();
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

    /** The default image detail: {@code low}, {@code high}, {@code auto} or empty. */
    public Builder detail(String detail) {
      // Validated by the same rule as the OpenAI-compatible client.
      OpenAiCompatibleChatModel.builder().detail(detail);
      this.detail = detail;
      return this;
    }

    /** The OkHttp client whose pool to share; default the library's shared one. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The connect timeout. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = OpenAiCompatibleChatModel.Builder.positive(timeout, "connectTimeout");
      return this;
    }

    /** The read timeout. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = OpenAiCompatibleChatModel.Builder.positive(timeout, "readTimeout");
      return this;
    }

    /** The timeout of a whole call. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = OpenAiCompatibleChatModel.Builder.positive(timeout, "callTimeout");
      return this;
    }

    /** A rate limiter to update from the response headers. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    /** Builds the client. @throws IllegalStateException naming what is missing */
    public AzureOpenAiChatModel build() {
      Checks.checkState(endpoint != null, "endpoint is required; call endpoint(...)");
      Checks.checkState(deployment != null, "deployment is required; call deployment(...)");
      Checks.checkState(apiKey != null, "apiKey is required; call apiKey(...)");
      return new AzureOpenAiChatModel(this);
    }
  }
}
