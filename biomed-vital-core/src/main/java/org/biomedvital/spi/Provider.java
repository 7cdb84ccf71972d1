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
   * other key, listing these, so a misspelt setting is an error and never silently ignored.
   *
   * <p>The default, {@link #UNDECLARED}, skips that check; every provider of the library declares
   * its keys, and this default is scheduled to become abstract.
   */
  default Set<String> settingKeys() {
    return UNDECLARED;
  }

  /** The marker returned by {@link #settingKeys()} of a provider that has not declared its keys. */
  Set<String> UNDECLARED = Set.of("\u0000undeclared");

  /** One line saying what this provider is and which settings it reads. */
  default String description() {
    return getClass().getName();
  }
}
