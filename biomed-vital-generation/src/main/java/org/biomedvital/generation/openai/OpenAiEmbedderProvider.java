package org.biomedvital.generation.openai;

import java.util.Set;
import org.biomedvital.generation.http.RetryPolicy;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Provider {@code openai-embeddings}: settings {@code base-url}, {@code model} (required), {@code
 * api-key} or {@code api-key-env} (default {@code OPENAI_API_KEY} for api.openai.com, required
 * there), {@code dimensions}, {@code batch-size}, {@code max-retries},
 * {@code timeout}.
 */
public final class OpenAiEmbedderProvider implements EmbedderProvider {
  @Override
  public String name() {
    return OpenAiEmbedder.PROVIDER;
  }

  private static final Set<String> KEYS = Set.of("base-url", "model", "api-key", "api-key-env",
      "dimensions", "batch-size", "max-retries", "timeout");

  @Override
  public Set<String> settingKeys() {
    return KEYS;
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    String baseUrl = settings.get("base-url").orElse(OpenAiCompatibleChatModel.DEFAULT_BASE_URL);
    OpenAiEmbedder.Builder b = OpenAiEmbedder.builder()
        .baseUrl(baseUrl)
        .apiKey(ProviderSupport.apiKey(settings, name(), baseUrl,
            OpenAiCompatibleChatModelProvider.DEFAULT_KEY_ENV,
            ProviderSupport.isHost(baseUrl, "openai.com")).orElse(null))
        .model(settings.require("model"))
        .batchSize(settings.intValue("batch-size", 256))
        .retryPolicy(RetryPolicy.DEFAULT.withMaxRetries(settings.intValue("max-retries", 5)));
    settings.get("dimensions").ifPresent(v -> b.dimensions(settings.intValue("dimensions", 0)));
    ProviderSupport.timeout(settings).ifPresent(b::timeout);
    return b.build();
  }

  @Override
  public String description() {
    return "OpenAI-compatible /embeddings (text); settings: base-url, model, api-key|api-key-env,"
        + " dimensions, batch-size, max-retries, timeout";
  }
}
