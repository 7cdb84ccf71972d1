package org.biomedvital.generation.openai;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.HttpClientSettings;
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

  private final HttpClientSettings http;
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
    this.http = b.http.copy();
    this.endpoint = http.baseUrl();
    this.deployment = b.deployment;
    this.apiVersion = b.apiVersion;
    this.apiKey = http.apiKey();
    this.detail = b.detail;
    this.family = b.family != null ? b.family : ModelFamily.of(b.deployment);
    this.client = http.newClient();
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

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.http = http.copy();
    b.deployment = deployment;
    b.apiVersion = apiVersion;
    b.detail = detail;
    b.family = family;
    b.rateLimiter = rateLimiter;
    return b;
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
    private HttpClientSettings http = HttpClientSettings.of("endpoint", null,
        OpenAiCompatibleChatModel.DEFAULT_READ_TIMEOUT, OpenAiCompatibleChatModel.DEFAULT_CALL_TIMEOUT);
    private String deployment;
    private String apiVersion = DEFAULT_API_VERSION;
    private String detail = "";
    private ModelFamily family;
    private RateLimiter rateLimiter;

    private Builder() {}

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com/} (required). */
    public Builder endpoint(String endpoint) {
      http.baseUrl(endpoint);
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
      http.requiredApiKey(apiKey);
      return this;
    }

    /**
     * Which parameters the model takes; default by deployment name ({@link ModelFamily#of}).
     * Reasoning models get {@code max_completion_tokens} and no temperature.
     */
    public Builder modelFamily(ModelFamily family) {
      this.family = Objects.requireNonNull(family, "family == null");
      return this;
    }

    /**
     * The default image detail: {@code low}, {@code high}, {@code auto} or empty; default empty
     * (the server's default).
     */
    public Builder detail(String detail) {
      this.detail = OpenAiWire.checkDetail(detail);
      return this;
    }

    /** The OkHttp client whose pool to share; default the library's shared one. */
    public Builder httpClient(OkHttpClient client) {
      http.httpClient(client);
      return this;
    }

    /** The connect timeout; default {@link OpenAiCompatibleChatModel#DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** The read timeout; default {@link OpenAiCompatibleChatModel#DEFAULT_READ_TIMEOUT}. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /**
     * The timeout of a whole call; default {@link OpenAiCompatibleChatModel#DEFAULT_CALL_TIMEOUT}.
     */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** A rate limiter to update from the response headers; default none. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    /** Builds the client. @throws IllegalStateException naming what is missing and how to set it */
    public AzureOpenAiChatModel build() {
      http.requireBaseUrl();
      Checks.checkState(deployment != null, "deployment is required; call deployment(...)");
      http.requireApiKey();
      return new AzureOpenAiChatModel(this);
    }
  }
}
