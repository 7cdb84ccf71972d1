package org.biomedvital.generation.anthropic;

import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provider {@code anthropic}: settings {@code model} (required), {@code api-key} or {@code
 * api-key-env} (required), {@code base-url}, and the common {@code timeout}, {@code max-retries},
 * {@code rpm}, {@code tpm}, {@code cache-dir}, {@code budget-usd}.
 */
public final class AnthropicChatModelProvider implements VisionChatModelProvider {
  @Override
  public String name() {
    return AnthropicChatModel.PROVIDER;
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String baseUrl = settings.get("base-url").orElse(AnthropicChatModel.DEFAULT_BASE_URL);
    String key = ProviderSupport.apiKey(settings).orElseThrow(() -> new IllegalArgumentException(
        "setting 'api-key' or 'api-key-env' is required by anthropic but missing; set one"));
    RateLimiter limiter = ProviderSupport.rateLimiter(settings, baseUrl, key).orElse(null);
    AnthropicChatModel.Builder b = AnthropicChatModel.builder()
        .baseUrl(baseUrl).apiKey(key).model(settings.require("model"));
    ProviderSupport.timeout(settings).ifPresent(b::readTimeout);
    if (limiter != null) {
      b.rateLimiter(limiter);
    }
    AnthropicChatModel raw = b.build();
    return ProviderSupport.wrap(raw, settings, name() + " " + raw.baseUrl(), raw.model(), limiter);
  }

  @Override
  public String description() {
    return "Anthropic Messages API; settings: model, api-key|api-key-env, base-url, timeout,"
        + " max-retries, rpm, tpm, cache-dir, budget-usd";
  }
}
