package org.biomedvital.generation.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.biomedvital.Experimental;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpCaller;
import org.biomedvital.generation.internal.HttpClientSettings;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;

/**
 * The OpenAI batch API: upload a JSONL file of chat-completion requests ({@code POST /files},
 * purpose {@code batch}), create a batch ({@code POST /batches}), poll it ({@code GET
 * /batches/{id}}) and download its output and error files ({@code GET /files/{id}/content}).
 *
 * <p>Immutable and thread-safe; the key never appears in {@link #toString()} or messages.
 */
@Experimental("the OpenAI batch API and its limits change; this client follows them")
public final class OpenAiBatchClient {
  /** The provider name in messages. */
  public static final String PROVIDER = "openai-batch";
  /** The default read and call timeout: 120 s (uploads and downloads can be large). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final MediaType JSONL = MediaType.get("application/jsonl");

  private final HttpClientSettings http;
  private final HttpCaller caller;
  private final String baseUrl;
  private final String model;
  private final String detail;
  private final ModelFamily family;
  private final Headers headers;

  private OpenAiBatchClient(Builder b, HttpClientSettings http) {
    this.http = http;
    this.caller = http.caller(PROVIDER);
    this.baseUrl = http.baseUrl();
    this.model = b.model;
    this.detail = b.detail;
    this.family = b.familyOr(b.model);
    this.headers = http.bearerHeaders().build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder(HttpClientSettings.of("baseUrl",
        OpenAiCompatibleChatModel.DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT));
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(http.copy());
    b.model = model;
    b.detail = detail;
    b.family = family;
    return b;
  }

  /** The model id of the requests. */
  public String model() {
    return model;
  }

  /** A batch's state as the API reports it. */
  public record BatchStatus(String id, String status, String outputFileId, String errorFileId,
      String inputFileId) {
    /** Whether the batch will not change any more. */
    public boolean terminal() {
      return switch (status) {
        case "completed", "failed", "expired", "cancelled" -> true;
        default -> false;
      };
    }
  }

  /** One line of the batch input file: {@code custom_id}, method, url and the request body. */
  public String requestLine(String customId, ChatRequest request) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("custom_id", customId);
    n.put("method", "POST");
    n.put("url", "/v1/chat/completions");
    try {
      n.set("body", Json.mapper().readTree(OpenAiWire.requestBody(request, model, detail, PROVIDER, family)));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot re-read our own request body", e);
    }
    return n.toString();
  }

  /**
   * Parses the {@code response.body} of an output line.
   *
   * @throws RemoteServiceException when it is not a chat completion
   */
  public ChatResponse parseBody(JsonNode body) {
    return OpenAiWire.parse(caller, baseUrl + "batches", body.toString());
  }

  /** Uploads a JSONL file of request lines; returns the file id. */
  public String upload(String fileName, String jsonl) {
    return upload(fileName, RequestBody.create(jsonl, JSONL));
  }

  private String upload(String fileName, RequestBody file) {
    MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("purpose", "batch")
        .addFormDataPart("file", fileName, file)
        .build();
    Request r = new Request.Builder().url(baseUrl + "files").headers(headers).post(body).build();
    return field(caller.execute(r).body(), "id", "files");
  }

  /** Creates a batch over an uploaded file; returns its status. */
  public BatchStatus create(String inputFileId) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("input_file_id", inputFileId);
    n.put("endpoint", "/v1/chat/completions");
    n.put("completion_window", "24h");
    return status(caller.postJson(baseUrl + "batches", headers, n.toString()).body());
  }

  /** The current status of a batch. */
  public BatchStatus get(String batchId) {
    Request r = new Request.Builder().url(HttpUrl.get(baseUrl + "batches").newBuilder()
        .addPathSegment(batchId).build()).headers(headers).get().build();
    return status(caller.execute(r).body());
  }

  /**
   * Uploads a JSONL file of request lines from disk (streamed, never held in memory); returns the
   * file id.
   */
  public String upload(String fileName, Path jsonl) {
    return upload(fileName, RequestBody.create(jsonl.toFile(), JSONL));
  }

  /** Streams a file (the batch output or error JSONL), one line at a time, to {@code lines}. */
  public void downloadLines(String fileId, Consumer<String> lines) {
    caller.lines(contentRequest(fileId), lines);
  }

  /** The content of a file (the batch output or error JSONL); small files only. */
  public String download(String fileId) {
    return caller.execute(contentRequest(fileId)).body();
  }

  private Request contentRequest(String fileId) {
    return new Request.Builder().url(HttpUrl.get(baseUrl + "files").newBuilder()
        .addPathSegment(fileId).addPathSegment("content").build()).headers(headers).get().build();
  }

  private BatchStatus status(String body) {
    JsonNode n = caller.readObject(baseUrl + "batches", body);
    String id = n.path("id").asText("");
    String status = n.path("status").asText("");
    if (id.isEmpty() || status.isEmpty()) {
      throw caller.malformed(baseUrl + "batches", "no batch 'id' or 'status'", body);
    }
    return new BatchStatus(id, status, text(n, "output_file_id"), text(n, "error_file_id"),
        text(n, "input_file_id"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private String field(String body, String field, String what) {
    String v = text(caller.readObject(baseUrl + what, body), field);
    if (v == null) {
      throw caller.malformed(baseUrl + what, "no '" + field + "'", body);
    }
    return v;
  }

  @Override
  public String toString() {
    return http.describe("OpenAiBatchClient", model);
  }

  /**
   * Builds {@link OpenAiBatchClient}s; the model is required. Key (optional), OkHttp client and
   * timeouts (read and call default {@link #DEFAULT_TIMEOUT}: uploads and downloads can be large)
   * are {@link HttpClientBuilder}'s.
   */
  public static final class Builder extends OpenAiClientBuilder<Builder> {
    private String model;

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

    /** The model id (required). */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException when the model is missing, or when OpenAI itself would be
     *     called without a key
     */
    public OpenAiBatchClient build() {
      return new OpenAiBatchClient(this, settings().checkedCopy(PROVIDER, model));
    }
  }
}
