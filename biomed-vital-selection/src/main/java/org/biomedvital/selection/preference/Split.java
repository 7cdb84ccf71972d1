package org.biomedvital.selection.preference;

import java.util.Locale;

/** Which part of a preference dataset a pair belongs to. */
public enum Split {
  /** Pairs the scorer learns from. */
  TRAIN,
  /** Held-out pairs ({@code test} in files, the validation side of a {@code PreferenceDataset}). */
  TEST;

  /** The value of the {@code split} field: {@code train} or {@code test}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code train}, {@code test} or {@code validation}; null for anything else. */
  public static Split parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "train":
        return TRAIN;
      case "test":
      case "validation":
        return TEST;
      default:
        return null;
    }
  }
}
