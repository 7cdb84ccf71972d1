package org.biomedvital.generation.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP server on a loopback socket, written on raw sockets so that it can behave as servers
 * in the wild do: answer HTTP/1.0 and close after each reply, close idle keep-alive connections,
 * answer {@code Connection: close}, or reset a connection in the middle of a body. It lingers a
 * little before closing a connection, so a client that sends its next request on that connection
 * at once finds it dead (the race a busy client loses against a closing server).
 */
final class RawHttpServer implements AutoCloseable {
  /** How the server treats connections. */
  enum Mode {
    /** {@code HTTP/1.0} replies with a length; the connection is closed after each one. */
    HTTP_10,
    /** {@code HTTP/1.1} keep-alive; connections idle for {@code idleMillis} are closed. */
    HTTP_11_IDLE,
    /** {@code HTTP/1.1} replies carrying {@code Connection: close}, then closed. */
    CONNECTION_CLOSE
  }

  /** What the server does with one request. */
  enum Action { OK, FAIL_500, RESET_MID_BODY }

  static final String OK_BODY = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"User: What is shown?\\nAssistant: A"
      + " chest CT.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
      + "\"completion_tokens\":5}}";

  private final ServerSocket socket;
  private final Mode mode;
  private final int idleMillis;
  private final int lingerMillis;
  private final IntFunction<Action> actions;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  /**
   * Starts a server.
   *
   * @param actions what to do with the n-th request received (0-based)
   */
  RawHttpServer(Mode mode, int idleMillis, int lingerMillis, IntFunction<Action> actions)
      throws IOException {
    this.socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    this.mode = mode;
    this.idleMillis = idleMillis;
    this.lingerMillis = lingerMillis;
    this.actions = actions;
    Thread t = new Thread(this::acceptLoop, "raw-http-accept");
    t.setDaemon(true);
    t.start();
  }

  /** The base URL, {@code http://127.0.0.1:port/v1/}. */
  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/";
  }

  /** Requests read completely (request line, headers and body). */
  int received() {
    return received.get();
  }

  /** Connections accepted. */
  int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "raw-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        if (mode == Mode.HTTP_11_IDLE) {
          s.setSoTimeout(idleMillis);
        }
        String head;
        try {
          head = readHead(in);
        } catch (SocketTimeoutException idle) {
          return;
        }
        if (head == null) {
          return;
        }
        int length = contentLength(head);
        in.readNBytes(length);
        Action action = actions.apply(received.getAndIncrement());
        String version = mode == Mode.HTTP_10 ? "HTTP/1.0" : "HTTP/1.1";
        String close = mode == Mode.CONNECTION_CLOSE ? "Connection: close\r\n" : "";
        byte[] body = (action == Action.FAIL_500 ? "{\"error\":{\"message\":\"injected\"}}"
            : OK_BODY).getBytes(StandardCharsets.UTF_8);
        String status = action == Action.FAIL_500 ? "500 Internal Server Error" : "200 OK";
        out.write((version + " " + status + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\n" + close + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        if (action == Action.RESET_MID_BODY) {
          out.write(body, 0, body.length / 3);
          out.flush();
          s.setSoLinger(true, 0);
          return;
        }
        out.write(body);
        out.flush();
        if (mode != Mode.HTTP_11_IDLE) {
          // Lingers before closing, without reading: a request sent meanwhile is lost with it.
          sleep(lingerMillis);
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : (c == '\r' ? 1 : 0);
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
  }
}
