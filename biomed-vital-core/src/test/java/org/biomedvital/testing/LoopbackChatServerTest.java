package org.biomedvital.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.junit.jupiter.api.Test;

/** The shared loopback server speaks HTTP/1.0 and 1.1, closes idle connections, fails on purpose. */
final class LoopbackChatServerTest {
  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"hi\"}]}]}";

  @Test
  void anHttp10RequestGetsAnHttp10ReplyAndTheConnectionCloses() throws IOException {
    try (LoopbackChatServer server = LoopbackChatServer.builder()
        .replies(b -> "echo " + LoopbackChatServer.userText(b)).build();
        Socket s = connect(server)) {
      send(s.getOutputStream(), "HTTP/1.0", "");

      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(reply).startsWith("HTTP/1.0 200 OK\r\n").contains("Connection: close",
          "\"content\":\"echo hi\"", "\"model\":\"m\"");
    }
  }

  @Test
  void keepAliveServesTwoRequestsOnOneConnectionAndConnectionCloseEndsIt() throws IOException {
    try (LoopbackChatServer server = LoopbackChatServer.builder().build();
        Socket s = connect(server)) {
      send(s.getOutputStream(), "HTTP/1.1", "");
      String first = readReply(s.getInputStream());
      send(s.getOutputStream(), "HTTP/1.1", "Connection: close\r\n");
      String rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(first).startsWith("HTTP/1.1 200 OK").doesNotContain("Connection: close");
      assertThat(rest).startsWith("HTTP/1.0 200 OK").contains("Connection: close");
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void anIdleConnectionIsClosedByTheServer() throws IOException {
    try (LoopbackChatServer server = LoopbackChatServer.builder()
        .idleTimeout(Duration.ofMillis(200)).build();
        Socket s = connect(server)) {
      s.setSoTimeout(5_000);

      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void everyNthRequestFailsWith503AndTheClientSaysSo() throws IOException {
    try (LoopbackChatServer server = LoopbackChatServer.builder().http10().faultEvery(2)
        .replies(b -> "fine").build()) {
      var client = server.client("judge");
      ChatRequest request = ChatRequest.builder().addMessage(ChatMessage.user("q")).build();

      assertThat(client.chat(request).text()).isEqualTo("fine");
      assertThatThrownBy(() -> client.chat(request))
          .isInstanceOf(RemoteServiceException.class).hasMessageContaining("503");
      assertThat(server.faults()).isEqualTo(1);
      assertThat(server.requests()).hasSize(2);
    }
  }

  private static Socket connect(LoopbackChatServer server) throws IOException {
    int port = Integer.parseInt(server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));
    return new Socket(InetAddress.getLoopbackAddress(), port);
  }

  private static void send(OutputStream out, String version, String headers) throws IOException {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    out.write(("POST /v1/chat/completions " + version + "\r\nHost: x\r\nContent-Length: "
        + body.length + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** Reads one reply with a Content-Length body. */
  private static String readReply(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    int length = Integer.parseInt(head.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
