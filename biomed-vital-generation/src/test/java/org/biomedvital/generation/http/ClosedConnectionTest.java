package org.biomedvital.generation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.biomedvital.generation.http.RawHttpServer.Action;
import org.biomedvital.generation.http.RawHttpServer.Mode;
import org.biomedvital.generation.openai.OpenAiCompatibleChatModel;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.junit.jupiter.api.Test;

/**
 * Servers close connections: a request that meets a pooled connection the server already closed
 * goes again at once on a fresh one, without spending a retry. Real loopback servers on raw
 * sockets; the client gets no retries at all, so any lost request fails the test.
 */
final class ClosedConnectionTest {
  private static ResilientChatModel client(RawHttpServer server, int maxRetries) {
    OpenAiCompatibleChatModel raw = OpenAiCompatibleChatModel.builder()
        .baseUrl(server.baseUrl()).model("m").build();
    return ResilientChatModel.builder(raw).namespace("test").model("m")
        .retryPolicy(RetryPolicy.DEFAULT.withMaxRetries(maxRetries)).build();
  }

  private static ChatRequest request(int i) {
    return ChatRequest.builder().addMessage(ChatMessage.user("question " + i)).build();
  }

  @Test
  void http10ServerClosingAfterEveryReplyLosesNothing() throws Exception {
    try (RawHttpServer server = new RawHttpServer(Mode.HTTP_10, 0, 30, n -> Action.OK)) {
      ResilientChatModel model = client(server, 0);
      for (int i = 0; i < 25; i++) {
        assertThat(model.chat(request(i)).text()).contains("chest CT");
      }
      assertThat(server.received()).isEqualTo(25);
      assertThat(model.usage().calls()).isEqualTo(25);
      assertThat(model.usage().retries()).isZero();
      assertThat(model.usage().failures()).isZero();
    }
  }

  @Test
  void http10UnderConcurrencyLosesNothing() throws Exception {
    try (RawHttpServer server = new RawHttpServer(Mode.HTTP_10, 0, 5, n -> Action.OK)) {
      ResilientChatModel model = client(server, 0);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<ChatResponse>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          int k = i;
          all.add(pool.submit(() -> model.chat(request(k))));
        }
        for (Future<ChatResponse> f : all) {
          assertThat(f.get().text()).contains("chest CT");
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(server.received()).isEqualTo(200);
      assertThat(model.usage().calls()).isEqualTo(200);
      assertThat(model.usage().retries()).isZero();
    }
  }

  @Test
  void connectionCloseRepliesLoseNothing() throws Exception {
    try (RawHttpServer server = new RawHttpServer(Mode.CONNECTION_CLOSE, 0, 30, n -> Action.OK)) {
      ResilientChatModel model = client(server, 0);
      for (int i = 0; i < 15; i++) {
        model.chat(request(i));
      }
      assertThat(server.received()).isEqualTo(15);
      assertThat(server.connections()).isEqualTo(15);
      assertThat(model.usage().retries()).isZero();
    }
  }

  @Test
  void keepAliveServerClosingIdleConnectionsAfterOneSecondLosesNothing() throws Exception {
    try (RawHttpServer server = new RawHttpServer(Mode.HTTP_11_IDLE, 1000, 0, n -> Action.OK)) {
      ResilientChatModel model = client(server, 0);
      model.chat(request(0));
      model.chat(request(1));
      assertThat(server.connections()).as("kept alive while busy").isEqualTo(1);
      for (int i = 2; i < 5; i++) {
        Thread.sleep(1000 + 50 * i);
        model.chat(request(i));
      }
      assertThat(server.received()).isEqualTo(5);
      assertThat(server.connections()).isEqualTo(4);
      assertThat(model.usage().retries()).isZero();
    }
  }

  @Test
  void resetMidBodyIsAFailureRetriedByPolicy() throws Exception {
    try (RawHttpServer server = new RawHttpServer(Mode.HTTP_11_IDLE, 5000, 0,
        n -> n == 0 ? Action.RESET_MID_BODY : Action.OK)) {
      ResilientChatModel model = client(server, 2);
      assertThat(model.chat(request(0)).text()).contains("chest CT");
      assertThat(server.received()).isEqualTo(2);
      assertThat(model.usage().calls()).isEqualTo(2);
      assertThat(model.usage().retries()).isEqualTo(1);
    }
    try (RawHttpServer server = new RawHttpServer(Mode.HTTP_11_IDLE, 5000, 0,
        n -> Action.RESET_MID_BODY)) {
      ResilientChatModel model = client(server, 0);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.chat(request(0)))
          .isInstanceOf(org.biomedvital.RemoteServiceException.class)
          .hasMessageContaining("retriable");
      assertThat(server.received()).as("a failure after the request arrived is not repeated"
          + " behind the policy's back").isEqualTo(1);
    }
  }
}
