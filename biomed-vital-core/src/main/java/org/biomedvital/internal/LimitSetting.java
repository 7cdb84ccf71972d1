package org.biomedvital.internal;

import java.util.OptionalLong;

/**
 * Reads a size limit that users may raise with a system property or, failing that, an environment
 * variable (the image pixel limit, the record size limit).
 */
public final class LimitSetting {
  private LimitSetting() {}

  /**
   * The positive whole number set by {@code -D<property>}, else by the environment variable
   * {@code env}; empty when neither is set or the value is blank.
   *
   * @param max the largest value accepted
   * @param unit what the number counts, as the error message names it ({@code "pixels"})
   * @throws IllegalArgumentException {@code "<-Dproperty or ENV> must be a positive number of
   *     <unit> but is '<value>'"} when the value is not a whole number in [1, max]
   */
  public static OptionalLong positive(String property, String env, long max, String unit) {
    String set = System.getProperty(property);
    String from = "-D" + property;
    if (set == null) {
      set = System.getenv(env);
      from = env;
    }
    if (set == null || set.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      long v = Long.parseLong(set.trim());
      if (v > 0 && v <= max) {
        return OptionalLong.of(v);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        from + " must be a positive number of " + unit + " but is '" + set + "'");
  }
}
