package org.biomedvital.selection.preference;

import java.util.Locale;

/** Which part of a preference dataset a pair belongs to. */
public enum Split {
  /** Pairs the scorer learns from. */
  TRAIN,
  /**
   * Held-out pairs: the paper's test pairs, the validation side of a {@code PreferenceDataset}.
   * Written {@code validation} (as the pipeline's own pair files are); {@code test} is read too.
   */
  VALIDATION;

  /** The value of the {@code split} field: {@code train} or {@code validation}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code train}, {@code validation} or {@code test}; null for anything else. */
  public static Split parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "train":
        return TRAIN;
      case "test":
      case "validation":
        return VALIDATION;
      default:
        return null;
    }
  }
}
