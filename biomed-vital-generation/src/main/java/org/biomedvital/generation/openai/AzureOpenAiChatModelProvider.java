package org.biomedvital.generation.openai;

import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provider {@code azure-openai}: settings {@code endpoint} (or {@code base-url}), {@code
 * deployment} (or {@code model}), {@code api-version}, {@code api-key} or {@code api-key-env}
 * (required), and the common {@code timeout}, {@code max-retries}, {@code rpm}, {@code tpm},
 * {@code cache-dir}, {@code budget-usd}.
 */
public final class AzureOpenAiChatModelProvider implements VisionChatModelProvider {
  @Override
  public String name() {
    return AzureOpenAiChatModel.PROVIDER;
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String endpoint = settings.get("endpoint").or(() -> settings.get("base-url")).orElseThrow(() ->
        new IllegalArgumentException("setting 'endpoint' is required but missing; set it to"
            + " https://<resource>.openai.azure.com/"));
    String deployment = settings.get("deployment").or(() -> settings.get("model")).orElseThrow(() ->
        new IllegalArgumentException("setting 'deployment' is required but missing; set it"));
    String key = ProviderSupport.apiKey(settings).orElseThrow(() -> new IllegalArgumentException(
        "setting 'api-key' or 'api-key-env' is required by azure-openai but missing; set one"));
    RateLimiter limiter = ProviderSupport.rateLimiter(settings, endpoint + deployment, key)
        .orElse(null);
    AzureOpenAiChatModel.Builder b = AzureOpenAiChatModel.builder()
        .endpoint(endpoint).deployment(deployment).apiKey(key)
        .apiVersion(settings.get("api-version").orElse(AzureOpenAiChatModel.DEFAULT_API_VERSION))
        .detail(settings.get("detail").orElse(""));
    ProviderSupport.timeout(settings).ifPresent(b::readTimeout);
    if (limiter != null) {
      b.rateLimiter(limiter);
    }
    AzureOpenAiChatModel raw = b.build();
    return ProviderSupport.wrap(raw, settings, name() + " " + raw.endpoint() + " " + deployment,
        settings.get("price-model").orElse(deployment), limiter);
  }

  @Override
  public String description() {
    return "Azure OpenAI chat completions; settings: endpoint, deployment, api-version,"
        + " api-key|api-key-env, timeout, max-retries, rpm, tpm, cache-dir, budget-usd";
  }
}
