package org.biomedvital.generation.anthropic;

import java.util.Set;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provider {@code anthropic}: settings {@code model} (required), {@code api-key} or {@code
 * api-key-env} (default {@code ANTHROPIC_API_KEY}; without a key creation fails, saying how to
 * set one), {@code base-url}, and the common {@code timeout}, {@code max-retries},
 * {@code rpm}, {@code tpm}, {@code cache-dir}, {@code budget-usd}.
 */
public final class AnthropicChatModelProvider implements VisionChatModelProvider {
  @Override
  public String name() {
    return AnthropicChatModel.PROVIDER;
  }

  /** The variable read for the key when none is named. */
  public static final String DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY";

  private static final Set<String> KEYS = ProviderSupport.chatKeys();

  @Override
  public Set<String> settingKeys() {
    return KEYS;
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String baseUrl = settings.get("base-url").orElse(AnthropicChatModel.DEFAULT_BASE_URL);
    String key = ProviderSupport.apiKey(settings, name(), baseUrl, DEFAULT_KEY_ENV, true)
        .orElseThrow();
    RateLimiter limiter = ProviderSupport.rateLimiter(settings, baseUrl, key).orElse(null);
    AnthropicChatModel.Builder b = AnthropicChatModel.builder()
        .baseUrl(baseUrl).apiKey(key).model(settings.require("model"));
    ProviderSupport.timeoutAndLimiter(b, settings, limiter);
    AnthropicChatModel raw = b.build();
    return ProviderSupport.wrap(raw, settings, name() + " " + raw.baseUrl(), raw.model(), limiter);
  }

  @Override
  public String description() {
    return "Anthropic Messages API; settings: model, api-key|api-key-env (default ANTHROPIC_API_KEY),"
        + " base-url, timeout,"
        + " max-retries, rpm, tpm, cache-dir, budget-usd";
  }
}
