package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.internal.Json;

/**
 * A small Chrome DevTools Protocol client over the JDK WebSocket: starts headless Chromium, opens a
 * page, clicks, types and evaluates. Test-only.
 */
final class Cdp implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Path profile;
  private String session;

  private Cdp(Process process, String url, Path profile) {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(url), new Listener()).join();
  }

  static Cdp launch(Path chromium, Path profile) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-dev-shm-usage", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader err = new BufferedReader(
        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = err.readLine()) != null) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        // The process ended; the timeout below reports it.
      }
      url.complete(null);
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    String ws;
    try {
      ws = url.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      ws = null;
    }
    if (ws == null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      synchronized (seen) {
        throw new IllegalStateException("chromium did not start its DevTools endpoint:\n" + seen);
      }
    }
    return new Cdp(p, ws, profile);
  }

  /** Opens a page in a new target and attaches to it; later calls go to that page. */
  void open(String url) {
    String target = call("Target.createTarget", Map.of("url", url), false).path("targetId").asText();
    session = call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), false)
        .path("sessionId").asText();
    call("Page.enable", Map.of(), true);
    call("Runtime.enable", Map.of(), true);
  }

  /** A browser-level call. */
  JsonNode browser(String method, Map<String, Object> params) {
    return call(method, params, false);
  }

  /** Evaluates an expression in the page and returns its value. */
  JsonNode eval(String expression) {
    JsonNode r = call("Runtime.evaluate",
        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true), true);
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Waits until the expression is true. */
  void waitFor(String expression) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      if (eval(expression).asBoolean(false)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("timed out waiting for " + expression);
  }

  /** Clicks the centre of the element with this id, as a mouse would. */
  void click(String elementId) {
    JsonNode box = eval("(() => { const e = document.getElementById('" + elementId + "');"
        + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    double x = box.path("x").asDouble();
    double y = box.path("y").asDouble();
    for (String type : new String[] {"mouseMoved", "mousePressed", "mouseReleased"}) {
      call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button",
          type.equals("mouseMoved") ? "none" : "left", "clickCount", 1), true);
    }
  }

  /** Clicks a field and types text into it. */
  void type(String elementId, String text) {
    click(elementId);
    call("Input.insertText", Map.of("text", text), true);
  }

  private JsonNode call(String method, Map<String, Object> params, boolean inPage) {
    int id = ids.incrementAndGet();
    ObjectNode msg = Json.mapper().createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", Json.mapper().valueToTree(params));
    if (inPage) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).join();
    try {
      JsonNode reply = f.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " got no reply", e);
    }
  }

  @Override
  public void close() {
    Path socketDir = null;
    try {
      socketDir = java.nio.file.Files.readSymbolicLink(profile.resolve("SingletonSocket")).getParent();
    } catch (IOException | UnsupportedOperationException e) {
      // No socket link: nothing to clean up later.
    }
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway.
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    removeSocketDir(socketDir);
  }

  /** Removes the socket folder Chromium keeps outside its profile, if it left it behind. */
  private void removeSocketDir(Path socketDir) {
    if (socketDir == null || !java.nio.file.Files.isDirectory(socketDir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(socketDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover folder in /tmp is harmless.
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode n = Json.mapper().readTree(partial.toString());
          if (n.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
            if (f != null) {
              f.complete(n);
            }
          }
        } catch (IOException e) {
          // Not JSON: ignore the frame.
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
