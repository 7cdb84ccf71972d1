package org.biomedvital.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.internal.Json;

/**
 * A fault-injecting loopback server that speaks just enough HTTP/1.1 for the OpenAI-compatible chat
 * client: it answers a configurable share of requests with a fault (429 with and without
 * {@code Retry-After}, 500, 503, a TCP reset, a slow body, malformed JSON, truncated JSON) and the
 * rest with a chat completion whose text a test chooses. The fault of a request depends only on the
 * seed, the request's key (a marker found in its body) and how many times that key was asked
 * before, so runs are reproducible whatever the concurrency. It counts requests per key.
 */
final class FaultServer implements AutoCloseable {
  /** What the server does with one request. */
  enum Fault {
    NONE, RATE_LIMITED_RETRY_AFTER, RATE_LIMITED, SERVER_ERROR, UNAVAILABLE, RESET, SLOW_BODY,
    MALFORMED_JSON, TRUNCATED_JSON, UNAUTHORIZED
  }

  /** The faults drawn at the configured rate (all but {@link Fault#UNAUTHORIZED}). */
  static final List<Fault> TRANSIENT_MIX = List.of(Fault.RATE_LIMITED_RETRY_AFTER,
      Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.UNAVAILABLE, Fault.RESET, Fault.SLOW_BODY,
      Fault.MALFORMED_JSON, Fault.TRUNCATED_JSON);

  private final ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-server");
    t.setDaemon(true);
    return t;
  });
  private final Pattern keyPattern;
  private final Function<String, String> reply;
  private volatile double faultRate;
  private volatile List<Fault> faults = TRANSIENT_MIX;
  private volatile Fault forced;
  private volatile Set<String> alwaysFail = Set.of();
  private volatile long latencyMs;
  private final long seed;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
  private final Map<Fault, AtomicInteger> served = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();

  /**
   * Starts a server on a free loopback port.
   *
   * @param keyPattern finds a request's key in its body (first match; "?" when none)
   * @param reply the assistant text for a request body
   * @param faultRate the share of requests answered with a fault
   * @param seed the fault seed
   */
  FaultServer(Pattern keyPattern, Function<String, String> reply, double faultRate, long seed)
      throws IOException {
    this.keyPattern = keyPattern;
    this.reply = reply;
    this.faultRate = faultRate;
    this.seed = seed;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    pool.execute(this::acceptLoop);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT/v1/}. */
  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/";
  }

  /** Answers every later request with {@code fault} (null: back to the seeded mix). */
  void force(Fault fault) {
    this.forced = fault;
  }

  /** Answers every request for these keys with a drawn fault (a figure that never succeeds). */
  void alwaysFail(Set<String> keys) {
    this.alwaysFail = Set.copyOf(keys);
  }

  /** Waits {@code ms} before each answer (so a run lasts long enough to be killed mid-way). */
  void latency(long ms) {
    this.latencyMs = ms;
  }

  /** Changes the share of faulty answers. */
  void faultRate(double rate) {
    this.faultRate = rate;
  }

  /** Limits the drawn faults to {@code mix}. */
  void faults(List<Fault> mix) {
    this.faults = List.copyOf(mix);
  }

  int total() {
    return total.get();
  }

  /** Requests per key since the last {@link #reset()}. */
  Map<String, Integer> calls() {
    Map<String, Integer> m = new java.util.TreeMap<>();
    calls.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Successful (200 with a whole completion) answers per key since the last {@link #reset()}. */
  Map<String, Integer> successes() {
    Map<String, Integer> m = new java.util.TreeMap<>();
    successes.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** How many times each fault was served. */
  Map<Fault, Integer> served() {
    Map<Fault, Integer> m = new java.util.EnumMap<>(Fault.class);
    served.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** The Authorization headers received. */
  List<String> authorizations() {
    return new ArrayList<>(authorizations);
  }

  /** Forgets the counts (the fault draw keeps its per-key history, so a rerun sees new draws). */
  void reset() {
    calls.clear();
    successes.clear();
    total.set(0);
  }

  private final Map<String, AtomicInteger> history = new ConcurrentHashMap<>();

  private void acceptLoop() {
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
    try (s) {
      s.setSoTimeout(30_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String requestLine = line(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      int length = 0;
      String auth = null;
      String h;
      while ((h = line(in)) != null && !h.isEmpty()) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = h.substring(colon + 1).trim();
          if (name.equals("content-length")) {
            length = Integer.parseInt(value);
          } else if (name.equals("authorization") || name.equals("api-key")
              || name.equals("x-api-key")) {
            auth = value;
          }
        }
      }
      byte[] body = in.readNBytes(length);
      String text = new String(body, StandardCharsets.UTF_8);
      if (auth != null) {
        authorizations.add(auth);
      }
      Matcher m = keyPattern.matcher(text);
      String key = m.find() ? m.group() : "?";
      total.incrementAndGet();
      calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      int attempt = history.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
      Fault fault = decide(key, attempt);
      served.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
      if (latencyMs > 0) {
        sleep(latencyMs);
      }
      answer(s, fault, key, text, auth);
    } catch (IOException | RuntimeException e) {
      // The client went away (a killed child, a timeout): nothing to answer.
    }
  }

  private Fault decide(String key, int attempt) {
    Fault f = forced;
    if (f != null) {
      return f;
    }
    // SplittableRandom mixes its seed: neighbouring seeds give independent draws.
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
        ^ key.hashCode() * 0xC2B2AE3D27D4EB4FL ^ (attempt + 1) * 0x165667B19E3779F9L);
    if (!alwaysFail.contains(key) && r.nextDouble() >= faultRate) {
      return Fault.NONE;
    }
    List<Fault> mix = faults;
    Fault drawn = mix.get(r.nextInt(mix.size()));
    // A slow body is still a good answer: a doomed key gets a 500 instead.
    return drawn == Fault.SLOW_BODY && alwaysFail.contains(key) ? Fault.SERVER_ERROR : drawn;
  }

  private void answer(Socket s, Fault fault, String key, String body, String auth)
      throws IOException {
    OutputStream out = s.getOutputStream();
    switch (fault) {
      case RATE_LIMITED_RETRY_AFTER:
        send(out, 429, "Retry-After: 1\r\n", error("rate limited, retry after 1 s", "rate_limit"));
        return;
      case RATE_LIMITED:
        send(out, 429, "", error("rate limited", "rate_limit"));
        return;
      case SERVER_ERROR:
        send(out, 500, "", error("internal error", "server_error"));
        return;
      case UNAVAILABLE:
        send(out, 503, "", "<html><body>503 Service Unavailable</body></html>");
        return;
      case UNAUTHORIZED:
        // Echoes the credential it got, as some proxies do: a client must not pass it on.
        send(out, 401, "", error("Incorrect API key provided: " + auth, "invalid_api_key"));
        return;
      case RESET:
        s.setSoLinger(true, 0);
        s.close();
        return;
      case MALFORMED_JSON:
        send(out, 200, "", "{\"choices\": [{\"message\": {\"content\": oops}]");
        return;
      case TRUNCATED_JSON: {
        String whole = completion(reply.apply(body));
        send(out, 200, "", whole.substring(0, whole.length() / 2));
        return;
      }
      case SLOW_BODY: {
        byte[] b = completion(reply.apply(body)).getBytes(StandardCharsets.UTF_8);
        out.write(head(200, "", b.length));
        out.flush();
        int step = Math.max(1, b.length / 5);
        for (int i = 0; i < b.length; i += step) {
          out.write(b, i, Math.min(step, b.length - i));
          out.flush();
          sleep(40);
        }
        successes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return;
      }
      default:
        send(out, 200, "", completion(reply.apply(body)));
        successes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static String error(String message, String type) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.putObject("error").put("message", message).put("type", type);
    return n.toString();
  }

  /** An OpenAI chat completion holding {@code content}. */
  static String completion(String content) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("id", "chatcmpl-fault");
    r.put("object", "chat.completion");
    r.put("model", "fault-model");
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    r.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20)
        .put("total_tokens", 120);
    return r.toString();
  }

  private static void send(OutputStream out, int status, String headers, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(head(status, headers, b.length));
    out.write(b);
    out.flush();
  }

  private static byte[] head(int status, String headers, int length) {
    return ("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
        + length + "\r\nConnection: close\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    pool.shutdownNow();
  }
}
