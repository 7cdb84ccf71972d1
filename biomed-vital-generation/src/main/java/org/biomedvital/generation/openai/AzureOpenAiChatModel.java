package org.biomedvital.generation.openai;

import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpCaller;
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
  private final HttpCaller caller;
  private final String deployment;
  private final String apiVersion;
  private final String detail;
  private final ModelFamily family;
  private final String url;
  private final Headers headers;

  private AzureOpenAiChatModel(Builder b, HttpClientSettings http) {
    this.http = http;
    this.caller = http.caller(PROVIDER);
    this.deployment = b.deployment;
    this.apiVersion = b.apiVersion;
    this.detail = b.detail;
    this.family = b.familyOr(b.deployment);
    this.url = HttpUrl.get(http.baseUrl()).newBuilder()
        .addPathSegments("openai/deployments").addPathSegment(deployment)
        .addPathSegments("chat/completions").addQueryParameter("api-version", apiVersion)
        .build().toString();
    this.headers = new Headers.Builder().add("api-key", http.apiKey()).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(HttpClientSettings.of("endpoint", null,
        OpenAiCompatibleChatModel.DEFAULT_READ_TIMEOUT,
        OpenAiCompatibleChatModel.DEFAULT_CALL_TIMEOUT).keyRequired());
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(http.copy());
    b.deployment = deployment;
    b.apiVersion = apiVersion;
    b.detail = detail;
    b.family = family;
    return b;
  }

  /** The deployment name (the model to the price table). */
  public String deployment() {
    return deployment;
  }

  /** The resource endpoint, ending in {@code /}. */
  public String endpoint() {
    return http.baseUrl();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = OpenAiWire.requestBody(request, null, detail, PROVIDER, family);
    return OpenAiWire.parse(caller, url, caller.postJson(url, headers, body).body());
  }

  @Override
  public String toString() {
    return "AzureOpenAiChatModel{endpoint=" + Secrets.safeUrl(http.baseUrl()) + ", deployment="
        + deployment + ", apiVersion=" + apiVersion + ", apiKey=" + http.maskedApiKey() + "}";
  }

  /**
   * Builds {@link AzureOpenAiChatModel}s; endpoint, deployment and key are required. Key, OkHttp
   * client, timeouts (default {@link OpenAiCompatibleChatModel#DEFAULT_READ_TIMEOUT}, {@link
   * OpenAiCompatibleChatModel#DEFAULT_CALL_TIMEOUT}) and rate limiter are {@link
   * HttpClientBuilder}'s.
   */
  public static final class Builder extends OpenAiClientBuilder<Builder> {
    private String deployment;
    private String apiVersion = DEFAULT_API_VERSION;

    private Builder(HttpClientSettings http) {
      super(http);
    }

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com/} (required). */
    public Builder endpoint(String endpoint) {
      settings().baseUrl(endpoint);
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

    /** Builds the client. @throws IllegalStateException naming what is missing and how to set it */
    public AzureOpenAiChatModel build() {
      settings().requireBaseUrl();
      Checks.checkState(deployment != null, "deployment is required; call deployment(...)");
      settings().requireApiKey();
      return new AzureOpenAiChatModel(this, settings().copy());
    }
  }
}
