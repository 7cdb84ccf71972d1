package org.biomedvital.generation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.AuthenticationException;
import org.biomedvital.InvalidDataException;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.VitalException;
import org.biomedvital.generation.TestImages;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ResponseFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class OpenAiCompatibleChatModelTest {
  static final String KEY = "sk-test-0123456789abcdef";
  static final String OK = "{\"id\":\"c1\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"User: What is shown?\\nAssistant: A CT.\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":42}}";

  @StartStop public final MockWebServer server = new MockWebServer();

  private OpenAiCompatibleChatModel client() {
    return OpenAiCompatibleChatModel.builder()
        .baseUrl(server.url("/v1/").toString()).apiKey(KEY).model("gpt-4o").build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  @Test
  void sendsSystemTextAndImageAsDataUrlWithBearerKey() throws Exception {
    server.enqueue(json(200, OK));
    ChatRequest request = ChatRequest.builder()
        .addMessage(ChatMessage.system("You are a biomedical assistant."))
        .addMessage(ChatMessage.user("Describe the figure.", TestImages.png()))
        .temperature(0.2).maxTokens(300).seed(7).responseFormat(ResponseFormat.JSON_OBJECT)
        .build();

    ChatResponse response = client().chat(request);

    assertThat(response.text()).isEqualTo("User: What is shown?\nAssistant: A CT.");
    assertThat(response.usage().inputTokens()).isEqualTo(812);
    assertThat(response.usage().outputTokens()).isEqualTo(42);
    assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(response.finishReason()).isEqualTo("stop");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = Json.mapper().readTree(sent.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText())
        .isEqualTo("You are a biomedical assistant.");
    JsonNode parts = body.path("messages").get(1).path("content");
    assertThat(parts.get(0).path("type").asText()).isEqualTo("image_url");
    assertThat(parts.get(0).path("image_url").path("url").asText())
        .startsWith("data:image/png;base64,iVBORw0KGgo");
    assertThat(parts.get(1).path("text").asText()).isEqualTo("Describe the figure.");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.path("seed").asLong()).isEqualTo(7);
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
  }

  @Test
  void sendsNoAuthorizationHeaderWithoutKeyAndTheDetailLevel() throws Exception {
    server.enqueue(json(200, OK));
    OpenAiCompatibleChatModel local = OpenAiCompatibleChatModel.builder()
        .baseUrl(server.url("/v1").toString()).model("llava").detail("low").build();

    local.chat("What is it?", TestImages.jpeg());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    JsonNode part = Json.mapper().readTree(sent.getBody().utf8())
        .path("messages").get(0).path("content").get(0);
    assertThat(part.path("image_url").path("url").asText()).startsWith("data:image/jpeg;base64,");
    assertThat(part.path("image_url").path("detail").asText()).isEqualTo("low");
  }

  @Test
  void refusesAnImageOfUnsupportedTypeBeforeSending() {
    assertThatThrownBy(() -> client().chat("x", TestImages.notAnImage()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("application/octet-stream");
    assertThat(server.getRequestCount()).isZero();
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        arguments(400, RemoteServiceException.class, false),
        arguments(401, AuthenticationException.class, false),
        arguments(403, AuthenticationException.class, false),
        arguments(404, RemoteServiceException.class, false),
        arguments(408, RemoteServiceException.class, true),
        arguments(409, RemoteServiceException.class, true),
        arguments(429, RateLimitedException.class, true),
        arguments(500, RemoteServiceException.class, true),
        arguments(503, RemoteServiceException.class, true));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void mapsHttpStatusToExceptionWithoutTheKey(
      int status, Class<? extends VitalException> type, boolean retriable) {
    server.enqueue(json(status, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}"));
    if (status == 408) {
      // HTTP says a 408 request may be repeated as it is; OkHttp does so once on its own.
      server.enqueue(json(status, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}"));
    }

    assertThatThrownBy(() -> client().chat("hi"))
        .isExactlyInstanceOf(type)
        .hasMessageStartingWith("openai-compatible: HTTP " + status + " from http://")
        .hasMessageContaining("/v1/chat/completions")
        .hasMessageNotContaining(KEY)
        .satisfies(e -> assertThat(((RemoteServiceException) e).retriable()).isEqualTo(retriable))
        .satisfies(e -> assertThat(((RemoteServiceException) e).status()).hasValue(status));
  }

  @Test
  void readsRetryAfterSecondsAndMilliseconds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .addHeader("retry-after-ms", "1500").build());

    assertThatThrownBy(() -> client().chat("hi")).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7)));
    assertThatThrownBy(() -> client().chat("hi")).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).hasValue(Duration.ofMillis(1500)));
  }

  @Test
  void malformedJsonIsARetriableFailureAndMissingChoicesIsNot() {
    server.enqueue(json(200, "{\"choices\": [ {\"message\""));
    server.enqueue(json(200, "{\"object\":\"chat.completion\"}"));

    assertThatThrownBy(() -> client().chat("hi"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> client().chat("hi"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isFalse())
        .hasMessageContaining("no 'choices[0]'");
  }

  @Test
  void aBodyCutShortByTheServerIsARetriableFailure() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Length", "5000")
        .body(OK)
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
        .build());

    assertThatThrownBy(() -> client().chat("hi"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> {
          assertThat(e.retriable()).isTrue();
          assertThat(e.status()).isEmpty();
        });
  }

  @Test
  void aSlowServerTimesOutAsARetriableFailure() {
    server.enqueue(new MockResponse.Builder().code(200).body(OK)
        .headersDelay(2, TimeUnit.SECONDS).build());
    OpenAiCompatibleChatModel impatient = client().toBuilder()
        .readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> impatient.chat("hi"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("timed out");
  }

  @Test
  void toStringMasksTheKey() {
    assertThat(client().toString()).doesNotContain(KEY).contains("****cdef").contains("gpt-4o");
  }

  @Test
  void builderRejectsMissingModelAndBadDetail() {
    assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model is required; call model(...)");
    assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().detail("ultra"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detail must be one of low, high, auto or empty but was 'ultra'");
  }
}
