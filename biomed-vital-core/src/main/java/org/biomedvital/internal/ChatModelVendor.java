package org.biomedvital.internal;

import java.util.Set;
import org.biomedvital.model.ChatModelBackedProvider;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * The chat-model vendors that providers over a chat model ({@link ChatModelBackedProvider}: the
 * BioMed-VITAL generator, the rubric judge) are offered for, once for every module that offers
 * them: each vendor's provider name (also its chat-model provider's) and its client keys beyond
 * {@link VisionChatModelProvider#CLIENT_KEYS}.
 */
public enum ChatModelVendor {
  /** {@code openai-compatible}: OpenAI, vLLM, Ollama, LM Studio, the llama.cpp server. */
  OPENAI_COMPATIBLE("openai-compatible", Set.of()),
  /** {@code azure-openai}: an Azure OpenAI deployment. */
  AZURE_OPENAI("azure-openai", ChatModelBackedProvider.AZURE_CLIENT_KEYS),
  /** {@code anthropic}: Anthropic's messages API. */
  ANTHROPIC("anthropic", Set.of());

  private final String providerName;
  private final Set<String> extraClientKeys;

  ChatModelVendor(String providerName, Set<String> extraClientKeys) {
    this.providerName = providerName;
    this.extraClientKeys = extraClientKeys;
  }

  /** The provider name, lower-kebab-case, e.g. {@code azure-openai}. */
  public String providerName() {
    return providerName;
  }

  /** The vendor's client keys beyond {@link VisionChatModelProvider#CLIENT_KEYS}; may be empty. */
  public Set<String> extraClientKeys() {
    return extraClientKeys;
  }
}
