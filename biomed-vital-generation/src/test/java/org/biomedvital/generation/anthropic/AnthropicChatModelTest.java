package org.biomedvital.generation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.AuthenticationException;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.TestImages;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.junit.jupiter.api.Test;

final class AnthropicChatModelTest {
  static final String KEY = "sk-ant-test-abcdef0123456789";

  @StartStop public final MockWebServer server = new MockWebServer();

  private AnthropicChatModel client() {
    return AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey(KEY)
        .model("claude-sonnet-4-20250514").build();
  }

  @Test
  void sendsSystemSeparatelyAndImagesAsBase64Blocks() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"text\",\"text\":"
            + "\"User: Q\\nAssistant: A\"}],\"stop_reason\":\"end_turn\",\"usage\":"
            + "{\"input_tokens\":900,\"output_tokens\":30}}").build());

    ChatResponse r = client().chat(ChatRequest.builder()
        .addMessage(ChatMessage.system("Be precise."))
        .addMessage(ChatMessage.user("Demo caption"))
        .addMessage(ChatMessage.assistant("User: a\nAssistant: b"))
        .addMessage(ChatMessage.user("Describe.", TestImages.png()))
        .temperature(0.5)
        .build());

    assertThat(r.text()).isEqualTo("User: Q\nAssistant: A");
    assertThat(r.usage().inputTokens()).isEqualTo(900);
    assertThat(r.finishReason()).isEqualTo("end_turn");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    JsonNode body = Json.mapper().readTree(sent.getBody().utf8());
    assertThat(body.path("system").asText()).isEqualTo("Be precise.");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(body.path("messages")).hasSize(3);
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("assistant");
    JsonNode image = body.path("messages").get(2).path("content").get(0);
    assertThat(image.path("type").asText()).isEqualTo("image");
    assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
    assertThat(image.path("source").path("data").asText()).startsWith("iVBORw0KGgo");
  }

  @Test
  void mapsErrorsIncludingOverloaded529() {
    server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"invalid x-api-key\"}").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "3").build());
    server.enqueue(new MockResponse.Builder().code(529).body("{\"type\":\"overloaded_error\"}").build());

    assertThatThrownBy(() -> client().chat("x")).isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("anthropic: HTTP 401").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> client().chat("x")).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).hasValue(java.time.Duration.ofSeconds(3)));
    assertThatThrownBy(() -> client().chat("x")).isInstanceOfSatisfying(RemoteServiceException.class,
        e -> assertThat(e.retriable()).isTrue());
  }

  @Test
  void toStringHidesTheKey() {
    assertThat(client().toString()).doesNotContain(KEY).contains("****6789");
  }
}
