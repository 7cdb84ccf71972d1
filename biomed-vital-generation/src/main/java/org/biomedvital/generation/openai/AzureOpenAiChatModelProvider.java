package org.biomedvital.generation.openai;

import java.util.Set;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provider {@code azure-openai}: settings {@code endpoint} (or {@code base-url}), {@code
 * deployment} (or {@code model}), {@code api-version}, {@code api-key} or {@code api-key-env}
 * (default {@code AZURE_OPENAI_API_KEY}; without a key creation fails, saying how to set one),
 * {@code model-family} ({@code chat} or {@code reasoning}, default by deployment name), {@code
 * price-model}, and the common {@code timeout}, {@code max-retries}, {@code rpm}, {@code tpm},
 * {@code cache-dir}, {@code budget-usd}.
 */
public final class AzureOpenAiChatModelProvider implements VisionChatModelProvider {
  @Override
  public String name() {
    return AzureOpenAiChatModel.PROVIDER;
  }

  /** The variable read for the key when none is named. */
  public static final String DEFAULT_KEY_ENV = "AZURE_OPENAI_API_KEY";

  private static final Set<String> KEYS =
      ProviderSupport.chatKeys("endpoint", "deployment", "api-version", "price-model", "model-family");

  @Override
  public Set<String> settingKeys() {
    return KEYS;
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String endpoint = settings.get("endpoint").or(() -> settings.get("base-url")).orElseThrow(() ->
        new IllegalArgumentException("setting 'endpoint' is required but missing; set it to"
            + " https://<resource>.openai.azure.com/"));
    String deployment = settings.get("deployment").or(() -> settings.get("model")).orElseThrow(() ->
        new IllegalArgumentException("setting 'deployment' is required but missing; set it"));
    String key = ProviderSupport.apiKey(settings, name(), endpoint, DEFAULT_KEY_ENV, true)
        .orElseThrow();
    RateLimiter limiter = ProviderSupport.rateLimiter(settings, endpoint + deployment, key)
        .orElse(null);
    AzureOpenAiChatModel.Builder b = AzureOpenAiChatModel.builder()
        .endpoint(endpoint).deployment(deployment).apiKey(key)
        .apiVersion(settings.get("api-version").orElse(AzureOpenAiChatModel.DEFAULT_API_VERSION))
        .detail(settings.get("detail").orElse(""));
    settings.get("model-family").ifPresent(f -> b.modelFamily(ModelFamily.parse(f)));
    ProviderSupport.timeoutAndLimiter(b, settings, limiter);
    AzureOpenAiChatModel raw = b.build();
    return ProviderSupport.wrap(raw, settings, name() + " " + raw.endpoint() + " " + deployment,
        settings.get("price-model").orElse(deployment), limiter);
  }

  @Override
  public String description() {
    return "Azure OpenAI chat completions; settings: endpoint, deployment, api-version,"
        + " api-key|api-key-env (default AZURE_OPENAI_API_KEY), model-family, price-model, timeout,"
        + " max-retries, rpm, tpm, cache-dir, budget-usd";
  }
}
