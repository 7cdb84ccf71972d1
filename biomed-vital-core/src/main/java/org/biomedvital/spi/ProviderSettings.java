package org.biomedvital.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.biomedvital.internal.Secrets;

/**
 * String settings handed to a {@link Provider}, with typed accessors whose errors name the key.
 * Values of keys that look secret ({@code api-key}, {@code token}, {@code secret}, {@code
 * password}) are masked by {@link #toString()}.
 */
public final class ProviderSettings {
  /** No settings. */
  public static final ProviderSettings EMPTY = new ProviderSettings(Map.of());

  private final Map<String, String> values;

  private ProviderSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Settings holding these values. */
  public static ProviderSettings of(Map<String, String> values) {
    return new ProviderSettings(Objects.requireNonNull(values, "values == null"));
  }

  /** Settings from alternating keys and values. */
  public static ProviderSettings of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keysAndValues must alternate keys and values");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return of(m);
  }

  /** A copy with one more value. */
  public ProviderSettings with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.put(key, value);
    return of(m);
  }

  /**
   * A copy without {@code keys}: what a provider passes on to the provider it wraps (a generator
   * or judge over a chat model passes on everything but its own keys).
   */
  public ProviderSettings without(java.util.Collection<String> keys) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.keySet().removeAll(keys);
    return of(m);
  }

  /** The keys present. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The value of {@code key}, if set and not blank. */
  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value of {@code key}. @throws IllegalArgumentException when it is missing */
  public String require(String key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException(
        "setting '" + key + "' is required but missing; set it"));
  }

  /** An integer value, or {@code defaultValue}. @throws IllegalArgumentException when not an integer */
  public int intValue(String key, int defaultValue) {
    return get(key).map(v -> parse(key, v, "an integer", Integer::parseInt)).orElse(defaultValue);
  }

  /** A long value, or {@code defaultValue}. */
  public long longValue(String key, long defaultValue) {
    return get(key).map(v -> parse(key, v, "an integer", Long::parseLong)).orElse(defaultValue);
  }

  /** A decimal value, or {@code defaultValue}. */
  public double doubleValue(String key, double defaultValue) {
    return get(key).map(v -> parse(key, v, "a number", Double::parseDouble)).orElse(defaultValue);
  }

  /** A boolean ({@code true}/{@code false}), or {@code defaultValue}. */
  public boolean booleanValue(String key, boolean defaultValue) {
    return get(key).map(v -> {
      String s = v.toLowerCase(Locale.ROOT);
      if (!s.equals("true") && !s.equals("false")) {
        throw new IllegalArgumentException(
            "setting '" + key + "' must be true or false but was '" + v + "'");
      }
      return Boolean.parseBoolean(s);
    }).orElse(defaultValue);
  }

  /**
   * A duration, as ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s},
   * {@code 2m}), or {@code defaultValue}.
   */
  public Duration durationValue(String key, Duration defaultValue) {
    return get(key).map(v -> parse(key, v, "a duration such as 30s, 500ms or PT1M",
        ProviderSettings::parseDuration)).orElse(defaultValue);
  }

  /** A path, or empty. */
  public Optional<Path> pathValue(String key) {
    return get(key).map(Path::of);
  }

  private static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
    }
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    switch (s.charAt(s.length() - 1)) {
      case 's':
        return Duration.ofSeconds(n);
      case 'm':
        return Duration.ofMinutes(n);
      case 'h':
        return Duration.ofHours(n);
      default:
        throw new IllegalArgumentException(v);
    }
  }

  private static <T> T parse(String key, String v, String what, java.util.function.Function<String, T> f) {
    try {
      return f.apply(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting '" + key + "' must be " + what + " but was '" + v + "'", e);
    }
  }

  /**
   * Checks that every key here is one {@code provider} accepts.
   *
   * @throws IllegalArgumentException naming the first unknown key (in sorted order), the provider
   *     and the accepted keys
   */
  public void checkKeys(Provider<?> provider) {
    Set<String> accepted = provider.settingKeys();
    for (String key : new TreeMap<>(values).keySet()) {
      if (!accepts(accepted, key)) {
        throw new IllegalArgumentException("provider '" + provider.name()
            + "' does not take setting '" + key + "'; accepted: "
            + (accepted.isEmpty() ? "(no settings)" : String.join(", ", new java.util.TreeSet<>(accepted))));
      }
    }
  }

  private static boolean accepts(Set<String> accepted, String key) {
    if (accepted.contains(key)) {
      return true;
    }
    for (String a : accepted) {
      if (a.endsWith(".*") && key.startsWith(a.substring(0, a.length() - 1))
          && key.length() > a.length() - 1) {
        return true;
      }
    }
    return false;
  }

  /** Whether a key's value is a secret that must never be shown. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("key") || k.contains("token") || k.contains("secret")
        || k.contains("password");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderSettings && ((ProviderSettings) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecretKey(k) ? Secrets.mask(v) : v));
    return "ProviderSettings" + shown;
  }
}
