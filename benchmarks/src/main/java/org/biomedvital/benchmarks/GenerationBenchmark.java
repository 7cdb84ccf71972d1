package org.biomedvital.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.data.ImageRef;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.openai.OpenAiCompatibleChatModel;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.VisionChatModel;

/**
 * The figures of the generation issue, against loopback OpenAI-compatible servers:
 *
 * <ol>
 *   <li>throughput: a server answering after 200 ms; 2,000 requests at concurrency 64 against the
 *       ideal 64 / 0.2 s = 320 requests/s (target: at least 90%);
 *   <li>the same load through langchain4j's {@code OpenAiChatModel} on an equal thread pool,
 *       reported as a ratio (when langchain4j is on the class path);
 *   <li>rate limits: a server allowing 600 requests in any 60 s and answering 429 beyond; 1,000
 *       requests with the client's limiter at 600 rpm (target: at most 1% answered 429, within
 *       10% of the ideal 100 s);
 *   <li>closing: generation runs against an HTTP/1.0 server that closes after every reply, 600
 *       candidates without faults and 100 with 20% injected HTTP 500s (target: at least 95 of 100
 *       written; attempts minus faults equal the successful requests the server received; see
 *       {@link GenerationBenchmarkConnections}).
 * </ol>
 *
 * Arguments: any of {@code throughput}, {@code langchain4j}, {@code ratelimit}, {@code closing}
 * (default all);
 * {@code --ratelimit-seconds S} scales the rate-limit window (default 60, the spec); {@code
 * --delay-ms D} changes the throughput server's delay (default 200, the spec; 0 shows the ceiling
 * of client plus server on this machine).
 */
public final class GenerationBenchmark {
  private static final byte[] OK = ("{\"id\":\"b\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"User: What is shown?\\nAssistant: An axial CT.\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":40,\"total_tokens\":940}}")
      .getBytes(StandardCharsets.UTF_8);

  /** The server delay of the throughput scenarios (200 ms in the spec; lower it to find the ceiling). */
  private static long delayMillis = 200;

  private GenerationBenchmark() {}

  /** Runs the scenarios named in {@code args} (default all) and prints their figures. */
  public static void main(String[] args) throws Exception {
    // The JDK server otherwise leaves Nagle's algorithm on: its header and body writes then meet
    // the client's delayed ACK and every response waits ~40 ms, which measures the server, not us.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    List<String> which = new ArrayList<>();
    int windowSeconds = 60;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--ratelimit-seconds")) {
        windowSeconds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--delay-ms")) {
        delayMillis = Long.parseLong(args[++i]);
      } else {
        which.add(args[i]);
      }
    }
    if (which.isEmpty()) {
      which.addAll(List.of("throughput", "langchain4j", "ratelimit", "closing"));
    }
    List<String[]> rows = new ArrayList<>();
    double ours = Double.NaN;
    if (which.contains("throughput") || which.contains("langchain4j")) {
      ours = throughput(rows);
    }
    if (which.contains("langchain4j")) {
      langchain4j(rows, ours);
    }
    if (which.contains("ratelimit")) {
      rateLimit(rows, windowSeconds);
    }
    if (which.contains("closing")) {
      GenerationBenchmarkConnections.run(rows, 600, 0.0);
      GenerationBenchmarkConnections.run(rows, 100, 0.2);
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-58s %14s %14s %8s %s%n", "what", "ours", "reference",
        "ratio", "target");
    for (String[] r : rows) {
      System.out.printf(Locale.ROOT, "%-58s %14s %14s %8s %s%n", (Object[]) r);
    }
  }

  private static ChatRequest request() {
    byte[] png = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 2048);
    return ChatRequest.builder()
        .addMessage(ChatMessage.system("You are an AI assistant specialised in biomedicine."))
        .addMessage(ChatMessage.user("Figure Caption:\nFigure 1: Axial CT of the chest.",
            ImageRef.of(png)))
        .maxTokens(512)
        .build();
  }

  /** A loopback server that answers every request after {@code delayMillis}. */
  private static HttpServer delayedServer(long delayMillis) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        512);
    server.createContext("/", ex -> {
      drain(ex);
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, OK, null);
    });
    server.setExecutor(Executors.newFixedThreadPool(256, GenerationBenchmark::daemon));
    server.start();
    return server;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "bench-server");
    t.setDaemon(true);
    return t;
  }

  private static void drain(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void respond(HttpExchange ex, int code, byte[] body, String retryAfter)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    if (retryAfter != null) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    }
    ex.close();
  }

  private static double run(int requests, int threads, Runnable call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // Warm up connections and JIT with one round at full concurrency.
      List<Future<?>> warm = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        warm.add(pool.submit(call));
      }
      for (Future<?> f : warm) {
        f.get();
      }
      long start = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>(requests);
      for (int i = 0; i < requests; i++) {
        fs.add(pool.submit(call));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return requests / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double throughput(List<String[]> rows) throws Exception {
    HttpServer server = delayedServer(delayMillis);
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
      VisionChatModel model = ResilientChatModel.builder(OpenAiCompatibleChatModel.builder()
          .baseUrl(base).apiKey("sk-bench").model("gpt-4o").build()).model("gpt-4o").build();
      ChatRequest req = request();
      double rps = run(2000, 64, () -> model.chat(req));
      double ideal = delayMillis == 0 ? Double.NaN : 64 / (delayMillis / 1000.0);
      rows.add(new String[] {"throughput, 2,000 requests, concurrency 64, " + delayMillis
          + " ms server",
          fmt(rps) + " req/s", fmt(ideal) + " (ideal)", fmt(rps / ideal), ">= 0.90"});
      System.out.printf(Locale.ROOT, "throughput: %.1f requests/s (%.1f%% of the ideal %.0f)%n", rps,
          100 * rps / ideal, ideal);
      return rps;
    } finally {
      server.stop(0);
    }
  }

  private static void langchain4j(List<String[]> rows, double ours) throws Exception {
    Class<?> type;
    try {
      type = Class.forName("dev.langchain4j.model.openai.OpenAiChatModel");
    } catch (ClassNotFoundException e) {
      rows.add(new String[] {"langchain4j OpenAiChatModel, same load", "-", "not on class path",
          "-", "ratio reported"});
      return;
    }
    HttpServer server = delayedServer(delayMillis);
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
      Langchain4jCaller caller = new Langchain4jCaller(base);
      double rps = run(2000, 64, caller::call);
      rows.add(new String[] {"langchain4j " + type.getSimpleName() + ", same load and pool",
          fmt(ours) + " req/s", fmt(rps) + " req/s", fmt(ours / rps), "ratio reported"});
      System.out.printf(Locale.ROOT, "langchain4j: %.1f requests/s%n", rps);
    } finally {
      server.stop(0);
    }
  }

  private static void rateLimit(List<String[]> rows, int windowSeconds) throws Exception {
    int allowed = 600;
    int requests = 1000;
    Deque<Long> window = new ArrayDeque<>();
    AtomicLong answered429 = new AtomicLong();
    AtomicInteger served = new AtomicInteger();
    long windowNanos = windowSeconds * 1_000_000_000L;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        512);
    server.createContext("/", ex -> {
      drain(ex);
      boolean ok;
      long now = System.nanoTime();
      synchronized (window) {
        while (!window.isEmpty() && now - window.peekFirst() >= windowNanos) {
          window.pollFirst();
        }
        ok = window.size() < allowed;
        if (ok) {
          window.addLast(now);
        }
      }
      if (ok) {
        served.incrementAndGet();
        respond(ex, 200, OK, null);
      } else {
        answered429.incrementAndGet();
        respond(ex, 429, "{\"error\":{\"message\":\"rate limit\"}}".getBytes(StandardCharsets.UTF_8),
            "1");
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(64, GenerationBenchmark::daemon));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
      double rpm = allowed * 60.0 / windowSeconds;
      ResilientChatModel model = ResilientChatModel.builder(OpenAiCompatibleChatModel.builder()
              .baseUrl(base).apiKey("sk-bench").model("gpt-4o").build())
          .model("gpt-4o")
          .rateLimiter(RateLimiter.of(rpm, 0))
          .retryPolicy(new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30),
              Duration.ofMinutes(2)))
          .build();
      ChatRequest req = request();
      ExecutorService pool = Executors.newFixedThreadPool(64);
      long start = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        fs.add(pool.submit(() -> model.chat(req)));
      }
      int failed = 0;
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failed++;
        }
      }
      pool.shutdownNow();
      double seconds = (System.nanoTime() - start) / 1e9;
      double ideal = requests / (rpm / 60.0);
      Usage u = model.usage();
      double share = answered429.get() / (double) (served.get() + answered429.get());
      rows.add(new String[] {String.format(Locale.ROOT,
          "%d requests, server %d per %d s, client %.0f rpm: time", requests, allowed,
          windowSeconds, rpm), fmt(seconds) + " s", fmt(ideal) + " s (ideal)",
          fmt(seconds / ideal), "<= 1.10"});
      rows.add(new String[] {"  answered 429 (share of all responses)",
          answered429.get() + " (" + fmt(100 * share) + "%)", "-", "-", "<= 1%"});
      rows.add(new String[] {"  failed requests, retries", failed + ", " + u.retries(), "-", "-",
          "0"});
      System.out.printf(Locale.ROOT, "rate limit: %.1f s (ideal %.1f s), %d answered 429, %d failed%n",
          seconds, ideal, answered429.get(), failed);
    } finally {
      server.stop(0);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
