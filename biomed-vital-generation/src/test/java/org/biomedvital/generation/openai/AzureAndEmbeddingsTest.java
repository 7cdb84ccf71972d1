package org.biomedvital.generation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.internal.Json;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class AzureAndEmbeddingsTest {
  static final String KEY = "azure-key-0123456789abcd";

  @StartStop public final MockWebServer server = new MockWebServer();

  @Test
  void azureUsesTheDeploymentPathApiVersionAndApiKeyHeader() throws Exception {
    server.enqueue(new MockResponse.Builder().body(OpenAiCompatibleChatModelTest.OK).build());
    AzureOpenAiChatModel azure = AzureOpenAiChatModel.builder()
        .endpoint(server.url("/").toString()).deployment("gpt4o-prod").apiKey(KEY).build();

    azure.chat("hi");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget())
        .isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo(KEY);
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    assertThat(Json.mapper().readTree(sent.getBody().utf8()).has("model")).isFalse();
    assertThat(azure.toString()).doesNotContain(KEY);
  }

  @Test
  void providersAreRegisteredAndWrappedInTheResilientChain() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().body(OpenAiCompatibleChatModelTest.OK).build());
    VisionChatModel m = Providers.visionChatModel("openai-compatible", ProviderSettings.of(
        "base-url", server.url("/v1/").toString(), "model", "gpt-4o", "api-key", "k-123"));

    assertThat(m.chat("hi").text()).startsWith("User:");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(Providers.available(org.biomedvital.spi.VisionChatModelProvider.class))
        .containsKeys("openai-compatible", "azure-openai", "anthropic");
    assertThat(Providers.available(org.biomedvital.spi.EmbedderProvider.class))
        .containsKey("openai-embeddings");
    assertThat(Providers.available(org.biomedvital.spi.InstructionGeneratorProvider.class))
        .containsKey("caption-grounded");
  }

  @Test
  void anthropicProviderRequiresAKey() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ANTHROPIC_API_KEY") == null);
    assertThatThrownBy(() -> Providers.visionChatModel("anthropic", ProviderSettings.of(
        "model", "claude-sonnet-4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anthropic would call https://api.anthropic.com/ without an API key")
        .hasMessageContaining("export ANTHROPIC_API_KEY");
    assertThatThrownBy(() -> Providers.visionChatModel("anthropic", ProviderSettings.of(
        "model", "claude-sonnet-4", "api-key-env", "SURELY_NOT_SET_VITAL_KEY")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SURELY_NOT_SET_VITAL_KEY").hasMessageContaining("not set");
  }

  @Test
  void embedsInBatchesInIndexOrder() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"data\":[{\"index\":1,\"embedding\":[0.5,1]},"
        + "{\"index\":0,\"embedding\":[1,0]}],\"model\":\"e\"}").build());
    server.enqueue(new MockResponse.Builder().body("{\"data\":[{\"index\":0,\"embedding\":[2,2]}]}")
        .build());
    Embedder e = OpenAiEmbedder.builder().baseUrl(server.url("/v1/").toString())
        .model("text-embedding-3-small").batchSize(2).build();

    List<float[]> v = e.embedAll(List.of(EmbeddingInput.text("a"), EmbeddingInput.text("b"),
        EmbeddingInput.text("c")));

    assertThat(v).hasSize(3);
    assertThat(v.get(0)).containsExactly(1f, 0f);
    assertThat(v.get(1)).containsExactly(0.5f, 1f);
    assertThat(v.get(2)).containsExactly(2f, 2f);
    JsonNode body = Json.mapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/embeddings");
    assertThat(body.path("input")).hasSize(2);
    assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(e.id()).isEqualTo("openai-embeddings:text-embedding-3-small");
  }

  @Test
  void embeddingsRetryA500AndRejectAShortList() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().body("{\"data\":[]}").build());
    Embedder e = OpenAiEmbedder.builder().baseUrl(server.url("/v1/").toString()).model("m")
        .retryPolicy(new RetryPolicy(2, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2),
            java.time.Duration.ofSeconds(1))).build();

    assertThatThrownBy(() -> e.embed(EmbeddingInput.text("a")))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("expected 'data' with 1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
