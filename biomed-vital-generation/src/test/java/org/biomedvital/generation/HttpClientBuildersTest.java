package org.biomedvital.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.anthropic.AnthropicChatModel;
import org.biomedvital.generation.openai.AzureOpenAiChatModel;
import org.biomedvital.generation.openai.OpenAiBatchClient;
import org.biomedvital.generation.openai.OpenAiCompatibleChatModel;
import org.biomedvital.generation.openai.OpenAiEmbedder;
import org.biomedvital.internal.Json;
import org.biomedvital.model.EmbeddingInput;
import org.junit.jupiter.api.Test;

/**
 * The builder rules every HTTP client shares: {@code toBuilder()} keeps every setting (URL, key,
 * timeouts), setters check their argument with the same words, {@code build()} says how to fix
 * what is missing.
 */
final class HttpClientBuildersTest {
  private static final String KEY = "sk-test-0123456789abcdef";
  private static final String CHAT_OK = "{\"model\":\"m\",\"choices\":[{\"message\":{\"content\":"
      + "\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
  private static final String ANTHROPIC_OK = "{\"model\":\"c\",\"stop_reason\":\"end_turn\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":1,"
      + "\"output_tokens\":1}}";

  @StartStop public final MockWebServer server = new MockWebServer();

  @Test
  void openAiToBuilderKeepsUrlKeyAndHeadersAndChangesOnlyWhatIsSet() throws Exception {
    server.enqueue(new MockResponse.Builder().body(CHAT_OK).build());
    OpenAiCompatibleChatModel first = OpenAiCompatibleChatModel.builder()
        .baseUrl(server.url("/v1").toString()).apiKey(KEY).model("gpt-4o")
        .header("OpenAI-Organization", "org-1").build();

    OpenAiCompatibleChatModel second = first.toBuilder().model("gpt-4o-mini").build();
    second.chat("hi");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-1");
    assertThat(Json.mapper().readTree(sent.getBody().utf8()).path("model").asText())
        .isEqualTo("gpt-4o-mini");
    assertThat(first.model()).isEqualTo("gpt-4o");
    assertThat(second.baseUrl()).isEqualTo(first.baseUrl());
  }

  @Test
  void azureToBuilderKeepsEndpointKeyAndTimeouts() throws Exception {
    server.enqueue(new MockResponse.Builder().body(CHAT_OK).headersDelay(2, TimeUnit.SECONDS)
        .build());
    server.enqueue(new MockResponse.Builder().body(CHAT_OK).build());
    AzureOpenAiChatModel impatient = AzureOpenAiChatModel.builder()
        .endpoint(server.url("/").toString()).deployment("d1").apiKey(KEY)
        .readTimeout(Duration.ofMillis(200)).build();

    AzureOpenAiChatModel copy = impatient.toBuilder().build();
    assertThatThrownBy(() -> copy.chat("hi"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("timed out");
    server.takeRequest();

    impatient.toBuilder().deployment("d2").readTimeout(Duration.ofSeconds(5)).build().chat("hi");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).startsWith("/openai/deployments/d2/chat/completions");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo(KEY);
  }

  @Test
  void anthropicToBuilderKeepsKeyAndBaseUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().body(ANTHROPIC_OK).build());
    AnthropicChatModel first = AnthropicChatModel.builder().baseUrl(server.url("/").toString())
        .apiKey(KEY).model("claude-a").build();

    assertThat(first.toBuilder().model("claude-b").build().chat("hi").text()).isEqualTo("hi");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(Json.mapper().readTree(sent.getBody().utf8()).path("model").asText())
        .isEqualTo("claude-b");
  }

  @Test
  void embedderToBuilderKeepsDimensionsAndKey() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("{\"data\":[{\"index\":0,\"embedding\":[1,2]}]}").build());
    OpenAiEmbedder first = OpenAiEmbedder.builder().baseUrl(server.url("/v1/").toString())
        .apiKey(KEY).model("e1").dimensions(2).build();

    OpenAiEmbedder second = first.toBuilder().batchSize(7).build();
    assertThat(second.embed(EmbeddingInput.text("x"))).containsExactly(1f, 2f);
    assertThat(second.id()).isEqualTo(first.id());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/embeddings");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(Json.mapper().readTree(sent.getBody().utf8()).path("dimensions").asInt())
        .isEqualTo(2);
  }

  @Test
  void batchClientToBuilderKeepsUrlAndKey() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("{\"id\":\"b1\",\"status\":\"in_progress\"}").build());
    OpenAiBatchClient first = OpenAiBatchClient.builder().baseUrl(server.url("/v1/").toString())
        .apiKey(KEY).model("gpt-4o").build();

    OpenAiBatchClient second = first.toBuilder().model("gpt-4o-mini").build();
    assertThat(second.get("b1").status()).isEqualTo("in_progress");
    assertThat(second.model()).isEqualTo("gpt-4o-mini");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/batches/b1");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void aNonJsonReplyIsARetriableFailureInEveryClient() {
    server.enqueue(new MockResponse.Builder().body("<html>").build());
    server.enqueue(new MockResponse.Builder().body("<html>").build());
    OpenAiEmbedder embedder = OpenAiEmbedder.builder().baseUrl(server.url("/v1/").toString())
        .model("e").retryPolicy(org.biomedvital.generation.http.RetryPolicy.NONE).build();
    OpenAiBatchClient batch = OpenAiBatchClient.builder().baseUrl(server.url("/v1/").toString())
        .model("m").build();

    assertThatThrownBy(() -> embedder.embed(EmbeddingInput.text("x")))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> batch.get("b1"))
        .isInstanceOfSatisfying(RemoteServiceException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("not JSON");
  }

  @Test
  void settersAndBuildSayWhatIsWrongTheSameWayInEveryClient() {
    assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().readTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be > 0 but was PT0S");
    assertThatThrownBy(() -> AnthropicChatModel.builder().callTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout must be > 0 but was PT-1S");
    assertThatThrownBy(() -> OpenAiEmbedder.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be > 0 but was PT0S");
    assertThatThrownBy(() -> OpenAiBatchClient.builder().baseUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl must be an http(s) URL but was 'not a url'");
    assertThatThrownBy(() -> AzureOpenAiChatModel.builder().endpoint("ftp:/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("endpoint must be an http(s) URL");
    assertThatThrownBy(() -> OpenAiBatchClient.builder().detail("ultra"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detail must be one of low, high, auto or empty");
    assertThatThrownBy(() -> AzureOpenAiChatModel.builder().deployment("d").apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("endpoint is required; call endpoint(...)");
    assertThatThrownBy(() -> AnthropicChatModel.builder().model("c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiKey is required; call apiKey(...)");
    assertThatThrownBy(() -> OpenAiEmbedder.builder().baseUrl("http://localhost:1/v1/").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model is required; call model(...)");
  }
}
