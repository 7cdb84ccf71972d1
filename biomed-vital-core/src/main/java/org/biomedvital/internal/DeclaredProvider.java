package org.biomedvital.internal;

import java.util.Objects;
import java.util.Set;
import org.biomedvital.spi.Provider;

/**
 * The shared part of a provider whose name, setting keys and description are constants, declared
 * once in its constructor; a subclass adds only {@link #create}. Its public no-argument constructor
 * (for the service loader) passes the constants up and does nothing else.
 *
 * <pre>{@code
 * public static final class TopK extends DeclaredProvider<Selector> implements SelectorProvider {
 *   public TopK() {
 *     super("top-k", Set.of("k"));
 *   }
 *
 *   public Selector create(ProviderSettings settings) { ... }
 * }
 * }</pre>
 *
 * @param <T> what the provider creates
 */
public abstract class DeclaredProvider<T> implements Provider<T> {
  private final String name;
  private final Set<String> settingKeys;
  private final String description;

  /**
   * A provider whose {@link #description()} is the interface's default (its class name).
   *
   * @param name the lookup name, lower-kebab-case
   * @param settingKeys the setting keys it accepts; {@code Set.of()} for none
   */
  protected DeclaredProvider(String name, Set<String> settingKeys) {
    this.name = Checks.notBlank(name, "name");
    this.settingKeys = Set.copyOf(settingKeys);
    this.description = null;
  }

  /**
   * A provider with its own one-line description.
   *
   * @param name the lookup name, lower-kebab-case
   * @param settingKeys the setting keys it accepts; {@code Set.of()} for none
   * @param description what it is and which settings it reads
   */
  protected DeclaredProvider(String name, Set<String> settingKeys, String description) {
    this.name = Checks.notBlank(name, "name");
    this.settingKeys = Set.copyOf(settingKeys);
    this.description = Objects.requireNonNull(description, "description == null");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> settingKeys() {
    return settingKeys;
  }

  @Override
  public String description() {
    return description != null ? description : Provider.super.description();
  }
}
