package org.biomedvital.spi;

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

  /** One line saying what this provider is and which settings it reads. */
  default String description() {
    return getClass().getName();
  }
}
