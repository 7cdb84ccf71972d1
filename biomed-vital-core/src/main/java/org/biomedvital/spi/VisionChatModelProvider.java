package org.biomedvital.spi;

import java.util.Set;
import org.biomedvital.model.VisionChatModel;

/** Creates vision chat models (OpenAI-compatible, Azure OpenAI, Anthropic...) by name; register implementations in {@code META-INF/services}. */
public interface VisionChatModelProvider extends Provider<VisionChatModel> {
  /**
   * The client settings the library's chat-model providers share, named like the command line's
   * model options: what a generator or judge over a chat model passes on to it. Vendor-specific
   * keys (Azure's {@code endpoint}, {@code deployment}, {@code api-version}) come on top.
   */
  Set<String> CLIENT_KEYS = Set.of("model", "base-url", "api-key", "api-key-env", "max-retries",
      "timeout", "rpm", "tpm", "cache-dir", "budget-usd", "budget-spent-usd", "detail",
      "price-model");
}
