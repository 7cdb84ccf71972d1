package org.biomedvital.model;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.biomedvital.Experimental;
import org.biomedvital.spi.Provider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * The shared part of a provider built over a vision chat model looked up by the same name (the
 * BioMed-VITAL generator, the rubric judge): its setting keys are the chat model's client keys
 * ({@link VisionChatModelProvider#CLIENT_KEYS} plus vendor keys such as {@link #AZURE_CLIENT_KEYS})
 * and its own; its own keys are taken off before the rest goes to the chat-model provider.
 *
 * @param <T> what the provider creates
 */
@Experimental("the shared base of providers over a chat model; may gain hooks")
public abstract class ChatModelBackedProvider<T> implements Provider<T> {
  /** Azure OpenAI's client keys on top of {@link VisionChatModelProvider#CLIENT_KEYS}. */
  public static final Set<String> AZURE_CLIENT_KEYS = Set.of("endpoint", "deployment",
      "api-version");

  private final String name;
  private final Set<String> ownKeys;
  private final Set<String> keys;
  private final String what;

  /**
   * Creates the provider.
   *
   * @param name the provider name, also the chat-model provider's
   * @param extraClientKeys the vendor's client keys beyond {@link VisionChatModelProvider#CLIENT_KEYS}
   * @param ownKeys the keys this provider reads itself
   * @param what what it creates, for {@link #description()} ("the rubric judge")
   */
  protected ChatModelBackedProvider(String name, Set<String> extraClientKeys, Set<String> ownKeys,
      String what) {
    this.name = name;
    this.ownKeys = Set.copyOf(ownKeys);
    Set<String> k = new LinkedHashSet<>(VisionChatModelProvider.CLIENT_KEYS);
    k.addAll(extraClientKeys);
    k.addAll(ownKeys);
    this.keys = Set.copyOf(k);
    this.what = what;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> settingKeys() {
    return keys;
  }

  /** The chat model of the same name, created from the settings without this provider's own. */
  protected final VisionChatModel chatModel(ProviderSettings settings) {
    return Providers.visionChatModel(name, settings.without(ownKeys));
  }

  /** The model id the settings name: {@code model}, else Azure's {@code deployment}. */
  protected static Optional<String> modelName(ProviderSettings settings) {
    return settings.get("model").or(() -> settings.get("deployment"));
  }

  @Override
  public String description() {
    return name + ": " + what + " over the " + name + " chat model; settings "
        + new TreeSet<>(keys);
  }
}
