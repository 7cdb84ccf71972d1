package org.biomedvital.spi;

import java.util.Set;

/**
 * Creates instances of one stage interface by name. Constructors of implementations must do
 * nothing: heavy resources are created in {@link #create}, never at class-load time.
 *
 * @param <T> the stage interface
 */
public interface Provider<T> {

  /** The stable lookup name, lower-kebab-case, e.g. {@code openai-compatible}. */
  String name();

  /**
   * Creates an instance.
   *
   * @throws IllegalArgumentException naming the missing or bad setting
   */
  T create(ProviderSettings settings);

  /**
   * The setting keys this provider accepts. {@link Providers#create} refuses settings with any
   * other key, listing these, so a misspelt setting is an error and never silently ignored. An
   * entry ending in {@code .*} (e.g. {@code judge.*}) accepts every key with that prefix (settings
   * passed on to another provider, which checks them itself). Every provider declares its keys;
   * return {@code Set.of()} for none.
   */
  Set<String> settingKeys();

  /** One line saying what this provider is and which settings it reads. */
  default String description() {
    return getClass().getName();
  }
}
