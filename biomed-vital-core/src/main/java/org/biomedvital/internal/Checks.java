package org.biomedvital.internal;

import java.util.Locale;
import java.util.Objects;

/** Argument checks with the messages of the house style ({@code "x == null"}). */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws NPE {@code "name == null"} / IAE {@code "name must not be blank"}. */
  public static String notBlank(String value, String name) {
    Objects.requireNonNull(value, () -> name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** Returns {@code value} or throws NPE {@code "name == null"}. */
  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " == null");
  }

  /** Throws IAE with the formatted message (Locale.ROOT) when {@code condition} is false. */
  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  /** Throws ISE with the formatted message (Locale.ROOT) when {@code condition} is false. */
  public static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }

  /** Returns {@code value} if it is in [min, max], else throws IAE naming it and the range. */
  public static double inRange(double value, double min, double max, String name) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be in [%s, %s] but was %s", name, min, max, value));
    }
    return value;
  }

  /** Returns {@code value} if it is > 0, else throws IAE. */
  public static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is longer than zero, else throws NPE {@code "name == null"} or IAE
   * {@code "name must be > 0 but was PT0S"}.
   */
  public static java.time.Duration positive(java.time.Duration value, String name) {
    Objects.requireNonNull(value, () -> name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is >= 0, else throws IAE. */
  public static int nonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
    return value;
  }

  /**
   * An unmodifiable copy of {@code map} that keeps its iteration order ({@code Map.copyOf} changes
   * order from run to run, which makes files written from it differ between identical runs).
   *
   * @throws NullPointerException when a key or value is null
   */
  public static <K, V> java.util.Map<K, V> orderedCopy(java.util.Map<K, V> map) {
    java.util.Map<K, V> copy = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k, "key == null"),
        java.util.Objects.requireNonNull(v, "value of " + k + " == null")));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
