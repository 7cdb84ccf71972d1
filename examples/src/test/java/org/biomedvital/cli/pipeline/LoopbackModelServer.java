package org.biomedvital.cli.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;

/**
 * A real OpenAI-compatible chat-completions server on loopback that speaks HTTP/1.0 and closes the
 * connection after every reply, failing every {@code faultEvery}-th request with a 503. Generator
 * requests get a conversation and judge requests (the rubric prompt, with {@code [Conversation]})
 * a JSON score, both derived from a hash of the request body, so the same request always gets the
 * same reply.
 */
public final class LoopbackModelServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-model");
    t.setDaemon(true);
    return t;
  });
  private final int faultEvery;
  private final String expectedKey;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger faults = new AtomicInteger();
  final AtomicInteger generatorReplies = new AtomicInteger();
  final AtomicInteger judgeReplies = new AtomicInteger();
  final AtomicInteger badKeys = new AtomicInteger();

  /** Starts the server; {@code expectedKey} is the bearer key every request must carry. */
  public LoopbackModelServer(int faultEvery, String expectedKey) throws IOException {
    this.faultEvery = faultEvery;
    this.expectedKey = expectedKey;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::accept);
  }

  /** The base URL, {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  /** The conversation the server answers a generator request with, by the request's hash. */
  static String conversation(String hash) {
    return "User: What does this figure show (server " + hash + ")?\n"
        + "Assistant: The server's conversation " + hash + " describes the finding in the figure.";
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      String head = readHead(in);
      int length = 0;
      String key = "";
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        } else if (lower.startsWith("authorization:")) {
          key = line.substring(14).trim();
        }
      }
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      int n = requests.incrementAndGet();
      if (!key.equals("Bearer " + expectedKey)) {
        badKeys.incrementAndGet();
      }
      if (n % faultEvery == 0) {
        faults.incrementAndGet();
        write(out, 503, "{\"error\": {\"message\": \"injected fault\"}}");
        return;
      }
      String hash = Hashing.sha256Hex(body).substring(0, 12);
      String content;
      if (body.contains("[Conversation]")) {
        judgeReplies.incrementAndGet();
        int score = 2 + 2 * (Integer.parseInt(hash.substring(0, 2), 16) % 4);
        content = "{\"score\": " + score + ", \"rationale\": \"server judge " + hash + "\"}";
      } else {
        generatorReplies.incrementAndGet();
        content = conversation(hash);
      }
      var reply = Json.mapper().createObjectNode();
      reply.put("id", "chatcmpl-" + hash);
      reply.put("object", "chat.completion");
      reply.put("model", "loopback-vlm");
      var choice = reply.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", content);
      choice.put("finish_reason", "stop");
      reply.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 40)
          .put("total_tokens", 140);
      write(out, 200, reply.toString());
    } catch (IOException | RuntimeException e) {
      // The client went away; nothing to answer.
    }
  }

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

  private static void write(OutputStream out, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.0 " + status + (status == 200 ? " OK" : " Service Unavailable") + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** Generator requests answered with a conversation. */
  public int generatorReplies() {
    return generatorReplies.get();
  }

  /** Requests without the expected key. */
  public int badKeys() {
    return badKeys.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    pool.shutdownNow();
  }
}
