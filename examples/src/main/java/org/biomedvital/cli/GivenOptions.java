package org.biomedvital.cli;

import java.util.function.Consumer;

/**
 * Forwards optional command-line values: an option that was not given (null) leaves the builder's
 * own default, so a command passes on only what the user typed.
 */
public final class GivenOptions {
  private GivenOptions() {}

  /** Calls {@code setter} with {@code value} when the option was given (not null). */
  public static <T> void ifGiven(T value, Consumer<? super T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
