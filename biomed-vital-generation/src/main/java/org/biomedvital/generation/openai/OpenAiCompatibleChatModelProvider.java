package org.biomedvital.generation.openai;

import java.util.Set;
import org.biomedvital.generation.http.RateLimiter;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provider {@code openai-compatible}: settings {@code base-url} (default OpenAI), {@code model}
 * (required), {@code api-key} or {@code api-key-env} (default {@code OPENAI_API_KEY} when OpenAI
 * itself is called: creating one for api.openai.com without a key fails, saying how to set one; a
 * local server needs none), {@code model-family} ({@code chat} or {@code reasoning}, default by
 * model id: see {@link ModelFamily}), {@code detail}, {@code timeout}, {@code
 * max-retries}, {@code rpm}, {@code tpm}, {@code cache-dir}, {@code budget-usd}. The client comes
 * wrapped in a {@link org.biomedvital.generation.http.ResilientChatModel}.
 */
public final class OpenAiCompatibleChatModelProvider implements VisionChatModelProvider {
  @Override
  public String name() {
    return OpenAiCompatibleChatModel.PROVIDER;
  }

  /** The variable read for the key when OpenAI's own API is called and no key is named. */
  public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

  private static final Set<String> KEYS = ProviderSupport.chatKeys("model-family");

  @Override
  public Set<String> settingKeys() {
    return KEYS;
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String baseUrl = settings.get("base-url").orElse(OpenAiCompatibleChatModel.DEFAULT_BASE_URL);
    String key = ProviderSupport.apiKey(settings, name(), baseUrl, DEFAULT_KEY_ENV,
        ProviderSupport.isHost(baseUrl, "openai.com")).orElse(null);
    RateLimiter limiter = ProviderSupport.rateLimiter(settings, baseUrl, key).orElse(null);
    OpenAiCompatibleChatModel.Builder b = OpenAiCompatibleChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(key)
        .model(settings.require("model"))
        .detail(settings.get("detail").orElse(""));
    settings.get("model-family").ifPresent(f -> b.modelFamily(ModelFamily.parse(f)));
    ProviderSupport.timeoutAndLimiter(b, settings, limiter);
    OpenAiCompatibleChatModel raw = b.build();
    return ProviderSupport.wrap(raw, settings, name() + " " + raw.baseUrl(), raw.model(), limiter);
  }

  @Override
  public String description() {
    return "OpenAI-compatible chat completions (OpenAI, vLLM, Ollama, LM Studio, llama.cpp);"
        + " settings: base-url, model, api-key|api-key-env (default OPENAI_API_KEY for api.openai.com),"
        + " model-family, detail, timeout, max-retries, rpm, tpm,"
        + " cache-dir, budget-usd";
  }
}
