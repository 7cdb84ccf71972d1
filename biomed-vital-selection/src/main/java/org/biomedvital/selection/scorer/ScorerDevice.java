package org.biomedvital.selection.scorer;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the scorer's MLP head runs. Settings and model cards name it in lower case: {@code auto},
 * {@code cpu}, {@code gpu}.
 */
public enum ScorerDevice {
  /** The GPU when PyTorch sees one, else the CPU (the default). */
  AUTO,
  /** The CPU. */
  CPU,
  /** The GPU; the scorer fails on first use when PyTorch sees none. */
  GPU;

  /** The name used in settings and model cards: {@code auto}, {@code cpu} or {@code gpu}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code auto}, {@code cpu} or {@code gpu} (any case, surrounding blanks ignored).
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  public static ScorerDevice parse(String s) {
    String d = Objects.requireNonNull(s, "device == null").trim();
    for (ScorerDevice v : values()) {
      if (v.name().equalsIgnoreCase(d)) {
        return v;
      }
    }
    throw new IllegalArgumentException("device must be auto, cpu or gpu but was '" + s + "'");
  }

  @Override
  public String toString() {
    return wireName();
  }
}
