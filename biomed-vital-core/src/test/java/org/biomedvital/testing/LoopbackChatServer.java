package org.biomedvital.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.model.VisionChatModel;

/**
 * A real OpenAI-compatible chat-completions server on loopback, on a plain server socket, for the
 * tests of every module: it records each request body and answers {@code POST
 * .../chat/completions} with the reply text {@link Builder#replies} computes from the body.
 *
 * <ul>
 *   <li>HTTP/1.1 keep-alive by default; a request with {@code Connection: close}, an HTTP/1.0
 *       request, or a server built with {@link Builder#http10()} gets an HTTP/1.0 reply with
 *       {@code Connection: close}, and the connection is closed after it.
 *   <li>An idle kept-alive connection is closed after {@link Builder#idleTimeout} (clients must
 *       then open a new one).
 *   <li>Failures on purpose: {@link Builder#faultEvery} answers every n-th request with a 503;
 *       {@link Builder#expectedKey} counts requests without that bearer key.
 * </ul>
 *
 * <pre>{@code
 * try (LoopbackChatServer server = LoopbackChatServer.builder()
 *     .replies(body -> "8 6\nclear").build()) {
 *   VisionChatModel judge = server.client("judge");
 *   ...
 *   assertThat(server.requests()).hasSize(2);
 * }
 * }</pre>
 */
public final class LoopbackChatServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-chat");
    t.setDaemon(true);
    return t;
  });
  private final Function<JsonNode, String> replies;
  private final boolean http10;
  private final int faultEvery;
  private final String expectedKey;
  private final String modelName;
  private final int idleMillis;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();
  private final AtomicInteger badKeys = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  private LoopbackChatServer(Builder b) throws IOException {
    this.replies = b.replies;
    this.http10 = b.http10;
    this.faultEvery = b.faultEvery;
    this.expectedKey = b.expectedKey;
    this.modelName = b.modelName;
    this.idleMillis = (int) b.idleTimeout.toMillis();
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::accept);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  /** The chat-completions URL. */
  public String chatCompletionsUrl() {
    return baseUrl() + "/chat/completions";
  }

  /** The request bodies received, in arrival order (failed requests included). */
  public List<JsonNode> requests() {
    return requests;
  }

  /** How many requests arrived. */
  public int requestCount() {
    return count.get();
  }

  /** How many requests were failed on purpose. */
  public int faults() {
    return faults.get();
  }

  /** How many requests lacked the expected bearer key. */
  public int badKeys() {
    return badKeys.get();
  }

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  /** The text of the first text part of the user message of a recorded request. */
  public static String userText(JsonNode request) {
    for (JsonNode m : request.get("messages")) {
      if (m.get("role").asText().equals("user")) {
        for (JsonNode part : m.get("content")) {
          if (part.get("type").asText().equals("text")) {
            return part.get("text").asText();
          }
        }
      }
    }
    throw new AssertionError("no user text in " + request);
  }

  /**
   * A minimal test-only client of this server: sends the request's messages (text and images as
   * data URLs), temperature and JSON response format; a failed request is a retriable
   * {@link RemoteServiceException}.
   */
  public VisionChatModel client(String model) {
    return new Client(URI.create(chatCompletionsUrl()), model);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      s.setSoTimeout(idleMillis);
      boolean open = true;
      while (open) {
        String head;
        try {
          head = readHead(in);
        } catch (SocketTimeoutException idle) {
          return;
        }
        if (head.isEmpty()) {
          return;
        }
        String[] lines = head.split("\r\n");
        boolean close = http10 || lines[0].endsWith("HTTP/1.0");
        int length = 0;
        String key = "";
        for (String line : lines) {
          String lower = line.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          } else if (lower.startsWith("authorization:")) {
            key = line.substring(14).trim();
          } else if (lower.startsWith("connection:") && lower.contains("close")) {
            close = true;
          }
        }
        byte[] body = in.readNBytes(length);
        answer(out, lines[0], body, key, close);
        open = !close;
      }
    } catch (IOException | RuntimeException e) {
      // The client went away; nothing to answer.
    }
  }

  private void answer(OutputStream out, String requestLine, byte[] bytes, String key,
      boolean close) throws IOException {
    if (!requestLine.startsWith("POST ") || !requestLine.contains("/chat/completions")) {
      write(out, 404, "{\"error\": {\"message\": \"no such endpoint\"}}", close);
      return;
    }
    int n = count.incrementAndGet();
    String text = new String(bytes, StandardCharsets.UTF_8);
    JsonNode body = Json.mapper().readTree(text);
    requests.add(body);
    if (expectedKey != null && !key.equals("Bearer " + expectedKey)) {
      badKeys.incrementAndGet();
    }
    if (faultEvery > 0 && n % faultEvery == 0) {
      faults.incrementAndGet();
      write(out, 503, "{\"error\": {\"message\": \"injected fault\"}}", close);
      return;
    }
    String hash = Hashing.sha256Hex(text).substring(0, 12);
    ObjectNode reply = Json.mapper().createObjectNode();
    reply.put("id", "chatcmpl-" + hash);
    reply.put("object", "chat.completion");
    reply.put("model", modelName != null ? modelName : body.path("model").asText());
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", replies.apply(body));
    choice.put("finish_reason", "stop");
    reply.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 40)
        .put("total_tokens", 140);
    write(out, 200, reply.toString(), close);
  }

  /** The request head up to its blank line; empty when the client closed before sending one. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
          : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void write(OutputStream out, int status, String json, boolean close)
      throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Service Unavailable";
    String head = (close ? "HTTP/1.0 " : "HTTP/1.1 ") + status + " " + reason + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a listening socket on loopback does not fail in practice; nothing to keep.
    }
    pool.shutdownNow();
  }

  /** Builds and starts {@link LoopbackChatServer}s. */
  public static final class Builder {
    /** How long a kept-alive connection may stay idle by default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);

    private Function<JsonNode, String> replies = body -> "ok";
    private boolean http10;
    private int faultEvery;
    private String expectedKey;
    private String modelName;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private Builder() {}

    /** The reply text for a request body; default {@code "ok"}. */
    public Builder replies(Function<JsonNode, String> replies) {
      this.replies = Objects.requireNonNull(replies, "replies == null");
      return this;
    }

    /** Answers every request with HTTP/1.0 and closes the connection after it. */
    public Builder http10() {
      this.http10 = true;
      return this;
    }

    /** Answers every n-th request with a 503 (0, the default, never). */
    public Builder faultEvery(int n) {
      this.faultEvery = Checks.nonNegative(n, "faultEvery");
      return this;
    }

    /** The bearer key every request should carry; requests without it are counted. */
    public Builder expectedKey(String key) {
      this.expectedKey = Objects.requireNonNull(key, "key == null");
      return this;
    }

    /** The model name the replies carry; default the request's {@code model}. */
    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName == null");
      return this;
    }

    /** How long a kept-alive connection may stay idle before the server closes it. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = org.biomedvital.internal.Checks.positive(idleTimeout, "idleTimeout");
      return this;
    }

    /** Starts the server on a free loopback port. */
    public LoopbackChatServer build() throws IOException {
      return new LoopbackChatServer(this);
    }
  }

  /** The test-only client of {@link #client}. */
  private static final class Client implements VisionChatModel {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private final String model;

    Client(URI uri, String model) {
      this.uri = uri;
      this.model = model;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", model);
      request.temperature().ifPresent(t -> body.put("temperature", t));
      if (request.responseFormat() == ResponseFormat.JSON_OBJECT) {
        body.putObject("response_format").put("type", "json_object");
      }
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : request.messages()) {
        ObjectNode jm = messages.addObject();
        jm.put("role", m.role().name().toLowerCase(Locale.ROOT));
        ArrayNode content = jm.putArray("content");
        for (ContentPart p : m.parts()) {
          if (p instanceof ContentPart.Text) {
            content.addObject().put("type", "text").put("text", ((ContentPart.Text) p).text());
          } else {
            content.addObject().put("type", "image_url").putObject("image_url")
                .put("url", ((ContentPart.Image) p).image().toDataUrl());
          }
        }
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new RemoteServiceException("loopback", r.statusCode(), true,
              "POST " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode reply = Json.mapper().readTree(r.body());
        return ChatResponse.of(reply.at("/choices/0/message/content").asText());
      } catch (IOException e) {
        throw new RemoteServiceException("loopback", 0, true, "POST " + uri + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteServiceException("loopback", 0, true, "interrupted", e);
      }
    }
  }
}
