package org.biomedvital.generation.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.data.Figure;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.internal.Json;
import org.biomedvital.spi.InstructionGeneratorProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class ChatGeneratorProvidersTest {
  @StartStop public final MockWebServer server = new MockWebServer();

  @Test
  void openAiCompatibleSendsThePromptWithTheSettingsAndParsesTheReply() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"User: What is shown?\\nAssistant: A nodule in the right lung.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
            + "\"completion_tokens\":5,\"total_tokens\":15}}")
        .build());
    InstructionGenerator g = Providers.instructionGenerator("openai-compatible", ProviderSettings.of(
        "base-url", server.url("/v1").toString(), "model", "m", "temperature", "0.3",
        "max-tokens", "700", "max-retries", "0"));

    GenerationResult r = g.generate(GenerationRequest.builder()
        .figure(Figure.of("P1_F1", "Chest X-ray with a nodule.", java.util.List.of(),
            java.util.Set.of()))
        .seed(1).build());

    assertThat(r.conversation().turns().get(1).text()).isEqualTo("A nodule in the right lung.");
    assertThat(r.model()).isEqualTo("m");
    assertThat(((ChatGeneratorProviders.MeteredGenerator) g).usage().calls()).isEqualTo(1);
    RecordedRequest sent = server.takeRequest();
    JsonNode body = Json.mapper().readTree(sent.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("m");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(700);
  }

  @Test
  void everyProviderDeclaresItsKeysAndRefusesAMisspeltOne() {
    for (String name : new String[] {"openai-compatible", "azure-openai", "anthropic"}) {
      InstructionGeneratorProvider p = Providers.find(InstructionGeneratorProvider.class, name);
      assertThat(p.settingKeys()).contains("model", "base-url", "api-key-env", "rpm", "tpm",
          "max-retries", "timeout", "cache-dir", "budget-usd", "temperature", "max-tokens");
      assertThatThrownBy(() -> Providers.instructionGenerator(name,
          ProviderSettings.of("model", "m", "temprature", "0.2")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not take setting 'temprature'")
          .hasMessageContaining("temperature");
    }
    assertThat(Providers.find(InstructionGeneratorProvider.class, "azure-openai").settingKeys())
        .contains("endpoint", "deployment", "api-version");
  }
}
