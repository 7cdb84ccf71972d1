package org.biomedvital.generation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Headers;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpCaller;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.generation.internal.HttpSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * An {@link Embedder} over an OpenAI-compatible {@code /embeddings} endpoint (OpenAI, vLLM,
 * Ollama, text-embeddings-inference). It embeds the text of each input; an input's image is
 * ignored (these endpoints are text-only). {@link #embedAll} sends up to {@code batchSize} texts per
 * request. Retriable failures are retried under a {@link RetryPolicy}.
 *
 * <p>Immutable and thread-safe; the key never appears in {@link #toString()} or messages.
 */
public final class OpenAiEmbedder implements Embedder {
  /** The provider name. */
  public static final String PROVIDER = "openai-embeddings";
  /** The default read and call timeout: 60 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** The default number of texts per request: 256. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  private final HttpClientSettings http;
  private final HttpCaller caller;
  private final String model;
  private final Integer dimensions;
  private final int batchSize;
  private final RetryPolicy retryPolicy;
  private final String url;
  private final Headers headers;

  private OpenAiEmbedder(Builder b, HttpClientSettings http) {
    this.http = http;
    this.caller = http.caller(PROVIDER);
    this.model = b.model;
    this.dimensions = b.dimensions;
    this.batchSize = b.batchSize;
    this.retryPolicy = b.retryPolicy;
    this.url = http.baseUrl() + "embeddings";
    this.headers = http.bearerHeaders().build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(HttpClientSettings.of("baseUrl",
        OpenAiCompatibleChatModel.DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT));
  }

  /** A builder holding this embedder's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(http.copy());
    b.model = model;
    b.dimensions = dimensions;
    b.batchSize = batchSize;
    b.retryPolicy = retryPolicy;
    return b;
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(Objects.requireNonNull(input, "input == null"))).get(0);
  }

  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i += batchSize) {
      List<String> texts = new ArrayList<>();
      for (EmbeddingInput in : inputs.subList(i, Math.min(inputs.size(), i + batchSize))) {
        texts.add(in.text());
      }
      out.addAll(withRetries(texts));
    }
    return out;
  }

  @Override
  public String id() {
    return PROVIDER + ":" + model + (dimensions == null ? "" : ":" + dimensions);
  }

  private List<float[]> withRetries(List<String> texts) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call(texts);
      } catch (RemoteServiceException e) {
        if (!e.retriable() || attempt >= retryPolicy.maxRetries()) {
          throw e;
        }
        Duration d = retryPolicy.backoff(attempt, ThreadLocalRandom.current());
        if (e instanceof RateLimitedException && ((RateLimitedException) e).retryAfter().isPresent()) {
          d = ((RateLimitedException) e).retryAfter().get();
        }
        LockSupport.parkNanos(d.toNanos());
      }
    }
  }

  private List<float[]> call(List<String> texts) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    if (dimensions != null) {
      body.put("dimensions", dimensions);
    }
    HttpSupport.HttpResult r = caller.postJson(url, headers, body.toString());
    JsonNode n = caller.readJson(url, r.body());
    JsonNode data = n.path("data");
    if (!data.isArray() || data.size() != texts.size()) {
      throw caller.malformed(url, "expected 'data' with " + texts.size() + " embeddings",
          r.body());
    }
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      JsonNode e = item.path("embedding");
      if (index < 0 || index >= vectors.length || !e.isArray() || e.isEmpty()) {
        throw caller.malformed(url, "bad 'data[" + i + "]'", r.body());
      }
      float[] v = new float[e.size()];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) e.get(j).asDouble();
      }
      vectors[index] = v;
    }
    List<float[]> out = new ArrayList<>();
    for (float[] v : vectors) {
      if (v == null) {
        throw caller.malformed(url, "an index is missing", r.body());
      }
      out.add(v);
    }
    return out;
  }

  @Override
  public String toString() {
    return http.describe("OpenAiEmbedder", model);
  }

  /**
   * Builds {@link OpenAiEmbedder}s; {@code model} is required. Key (optional), OkHttp client and
   * timeouts (read and call default {@link #DEFAULT_TIMEOUT}) are {@link HttpClientBuilder}'s.
   */
  public static final class Builder extends HttpClientBuilder<Builder> {
    private String model;
    private Integer dimensions;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

    private Builder(HttpClientSettings http) {
      super(http);
    }

    /**
     * The base URL up to and including the version; default {@link
     * OpenAiCompatibleChatModel#DEFAULT_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      settings().baseUrl(baseUrl);
      return this;
    }

    /** The model id (required), e.g. {@code text-embedding-3-small}. */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** The output dimensions, for models that can shorten their vectors; default the model's. */
    public Builder dimensions(int dimensions) {
      this.dimensions = Checks.positive(dimensions, "dimensions");
      return this;
    }

    /** Texts per request; default {@link #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.positive(batchSize, "batchSize");
      return this;
    }

    /** The retry policy; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * Builds the embedder.
     *
     * @throws IllegalStateException when the model is missing, or when OpenAI itself would be
     *     called without a key
     */
    public OpenAiEmbedder build() {
      return new OpenAiEmbedder(this, settings().checkedCopy(PROVIDER, model));
    }
  }
}
