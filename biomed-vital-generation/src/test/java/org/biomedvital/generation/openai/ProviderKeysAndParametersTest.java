package org.biomedvital.generation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.VisionChatModelProvider;
import org.junit.jupiter.api.Test;

/** Keys from the vendors' variables, declared settings, the parameters a model family takes. */
final class ProviderKeysAndParametersTest {
  @StartStop public final MockWebServer server = new MockWebServer();

  private static final String OPENAI = OpenAiCompatibleChatModel.DEFAULT_BASE_URL;

  @Test
  void theVendorsVariableIsReadWhenTheVendorIsCalledAndNoKeyIsNamed() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-from-env ");
    ProviderSettings none = ProviderSettings.of("model", "gpt-4o");
    assertThat(ProviderSupport.apiKey(none, "openai-compatible", OPENAI, "OPENAI_API_KEY", true,
        env::get)).contains("sk-from-env");
    // A local server is never sent the vendor's key unless asked to.
    assertThat(ProviderSupport.apiKey(none, "openai-compatible", "http://127.0.0.1:8000/v1/",
        "OPENAI_API_KEY", false, env::get)).isEmpty();
    assertThat(ProviderSupport.apiKey(none.with("api-key-env", "OPENAI_API_KEY"),
        "openai-compatible", "http://127.0.0.1:8000/v1/", "OPENAI_API_KEY", false, env::get))
        .contains("sk-from-env");
    assertThatThrownBy(() -> ProviderSupport.apiKey(none, "openai-compatible", OPENAI,
        "OPENAI_API_KEY", true, Map.<String, String>of()::get))
        .hasMessage("openai-compatible would call https://api.openai.com/v1/ without an API key:"
            + " export OPENAI_API_KEY, or set 'api-key-env' to the variable holding the key, or"
            + " set 'base-url' to a local server (vLLM, Ollama...) that needs none");
    assertThatThrownBy(() -> ProviderSupport.apiKey(none, "azure-openai",
        "https://r.openai.azure.com/", "AZURE_OPENAI_API_KEY", true, Map.<String, String>of()::get))
        .hasMessageContaining("export AZURE_OPENAI_API_KEY")
        .hasMessageNotContaining("local server");
  }

  @Test
  void withNoKeyAndNoBaseUrlNothingCallsOpenAi() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OPENAI_API_KEY") == null);
    assertThatThrownBy(() -> Providers.visionChatModel("openai-compatible",
        ProviderSettings.of("model", "gpt-4o")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("export OPENAI_API_KEY");
    assertThatThrownBy(() -> Providers.embedder("openai-embeddings",
        ProviderSettings.of("model", "text-embedding-3-small")))
        .hasMessageContaining("export OPENAI_API_KEY");
    // A local server runs keyless.
    assertThat(Providers.visionChatModel("openai-compatible", ProviderSettings.of(
        "model", "llava", "base-url", server.url("/v1/").toString()))).isNotNull();
  }

  @Test
  void clientsBuiltDirectlyRefuseAKeylessCallToOpenAi() {
    assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().model("gpt-4o").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("would call https://api.openai.com/v1/ without an API key");
    assertThatThrownBy(() -> OpenAiBatchClient.builder().model("gpt-4o").build())
        .hasMessageContaining("without an API key");
    assertThatThrownBy(() -> OpenAiEmbedder.builder().model("text-embedding-3-small").build())
        .hasMessageContaining("without an API key");
    assertThat(OpenAiBatchClient.builder().model("gpt-4o").apiKey("sk-x").build()).isNotNull();
  }

  @Test
  void everyProviderDeclaresItsKeysAndRefusesOthers() {
    for (VisionChatModelProvider p : Providers.available(VisionChatModelProvider.class).values()) {
      assertThat(p.settingKeys()).as(p.name()).isNotNull();
    }
    assertThatThrownBy(() -> Providers.visionChatModel("openai-compatible", ProviderSettings.of(
        "model", "llava", "base-url", server.url("/v1/").toString(), "max-retry", "3")))
        .hasMessageContaining("does not take setting 'max-retry'")
        .hasMessageContaining("max-retries");
  }

  @Test
  void secretsNeverShowInToStringOrMessages() {
    String secret = "sk-secret-9876543210abcdef";
    ProviderSettings s = ProviderSettings.of("model", "m", "api-key", secret,
        "base-url", server.url("/v1/").toString());
    VisionChatModel m = Providers.visionChatModel("openai-compatible", s);
    assertThat(s.toString()).doesNotContain(secret);
    assertThat(m.toString()).doesNotContain(secret);
    server.enqueue(new MockResponse.Builder().code(401)
        .body("{\"error\":{\"message\":\"Incorrect API key provided: " + secret + "\"}}").build());
    assertThatThrownBy(() -> m.chat("hi")).hasMessageNotContaining(secret);
  }

  @Test
  void modelFamilyByIdAndSetting() {
    assertThat(ModelFamily.of("o3-mini")).isEqualTo(ModelFamily.REASONING);
    assertThat(ModelFamily.of("o1")).isEqualTo(ModelFamily.REASONING);
    assertThat(ModelFamily.of("gpt-5-mini")).isEqualTo(ModelFamily.REASONING);
    assertThat(ModelFamily.of("openai/o4-mini")).isEqualTo(ModelFamily.REASONING);
    assertThat(ModelFamily.of("gpt-5-chat-latest")).isEqualTo(ModelFamily.CHAT);
    assertThat(ModelFamily.of("gpt-4o")).isEqualTo(ModelFamily.CHAT);
    assertThat(ModelFamily.of("llava-hf/llava-v1.6")).isEqualTo(ModelFamily.CHAT);
    assertThatThrownBy(() -> ModelFamily.parse("thinking"))
        .hasMessageContaining("'model-family' must be chat");
  }

  private JsonNode sentBody(String model, String family) throws Exception {
    server.enqueue(new MockResponse.Builder().body(OpenAiCompatibleChatModelTest.OK).build());
    ProviderSettings s = ProviderSettings.of("model", model, "base-url",
        server.url("/v1/").toString(), "max-retries", "0");
    VisionChatModel m = Providers.visionChatModel("openai-compatible",
        family == null ? s : s.with("model-family", family));
    m.chat(ChatRequest.builder().addMessage(ChatMessage.user("hi")).maxTokens(4096)
        .temperature(0.7).build());
    RecordedRequest r = server.takeRequest();
    return Json.mapper().readTree(r.getBody().utf8());
  }

  @Test
  void reasoningModelsGetMaxCompletionTokensAndNoTemperature() throws Exception {
    JsonNode gpt5 = sentBody("gpt-5", null);
    assertThat(gpt5.path("max_completion_tokens").asInt()).isEqualTo(4096);
    assertThat(gpt5.has("max_tokens")).isFalse();
    assertThat(gpt5.has("temperature")).isFalse();
    JsonNode gpt4o = sentBody("gpt-4o", null);
    assertThat(gpt4o.path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(gpt4o.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(gpt4o.has("max_completion_tokens")).isFalse();
    JsonNode forced = sentBody("my-finetune", "reasoning");
    assertThat(forced.path("max_completion_tokens").asInt()).isEqualTo(4096);
  }

  @Test
  void aRejectedParameterIsNamedWithWhatToSet() {
    server.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":"
        + "\"Unsupported parameter: 'max_tokens' is not supported with this model. Use"
        + " 'max_completion_tokens' instead.\",\"type\":\"invalid_request_error\","
        + "\"param\":\"max_tokens\",\"code\":\"unsupported_parameter\"}}").build());
    OpenAiCompatibleChatModel m = OpenAiCompatibleChatModel.builder()
        .baseUrl(server.url("/v1/").toString()).model("some-new-reasoner")
        .modelFamily(ModelFamily.CHAT).build();
    assertThatThrownBy(() -> m.chat(ChatRequest.builder().addMessage(ChatMessage.user("hi"))
        .maxTokens(10).build()))
        .isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("rejects parameter 'max_tokens'")
        .hasMessageContaining("set model-family=reasoning");
    server.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":"
        + "\"Unsupported value: 'temperature' does not support 0.7 with this model.\"}}").build());
    assertThatThrownBy(() -> m.chat("hi"))
        .hasMessageContaining("rejects parameter 'temperature'");
  }

  @Test
  void aReplyCutAtTheTokenLimitIsMarkedTruncated() {
    server.enqueue(new MockResponse.Builder().body(OpenAiCompatibleChatModelTest.OK
        .replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"")).build());
    OpenAiCompatibleChatModel m = OpenAiCompatibleChatModel.builder()
        .baseUrl(server.url("/v1/").toString()).model("gpt-4o").build();
    ChatResponse r = m.chat("hi");
    assertThat(r.truncated()).isTrue();
    org.biomedvital.model.TokenUsage none = org.biomedvital.model.TokenUsage.NONE;
    assertThat(new ChatResponse("x", none, "", "max_tokens").truncated()).as("Anthropic").isTrue();
    assertThat(new ChatResponse("x", none, "", "end_turn").truncated()).isFalse();
    assertThat(new ChatResponse("x", none, "", "stop").requireComplete().text()).isEqualTo("x");
    assertThatThrownBy(r::requireComplete)
        .isInstanceOf(org.biomedvital.model.TruncatedReplyException.class)
        .hasMessageStartingWith("reply cut at max tokens");
  }
}
