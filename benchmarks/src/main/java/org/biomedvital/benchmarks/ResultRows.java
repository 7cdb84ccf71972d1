package org.biomedvital.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The result-table helpers the selection benchmarks share: one printed row of (what, ours,
 * reference, ratio, target), number formatting and the machine's load. Package-private.
 */
final class ResultRows {
  private ResultRows() {}

  /**
   * One row laid out by {@code format}; a NaN reference prints as {@code -}. The row is printed at
   * once too (prefixed {@code result: }), so a run cut short still shows what it measured.
   */
  static String row(String format, String what, double ours, double ref, String ratio,
      String target) {
    String line = String.format(Locale.ROOT, format, what, fmt(ours),
        Double.isNaN(ref) ? "-" : fmt(ref), ratio, target);
    System.out.println("result: " + line);
    System.out.flush();
    return line;
  }

  /** Two decimals below 1000, a grouped whole number from there on. */
  static String fmt(double v) {
    return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** The line of {@code /proc/loadavg}, or {@code n/a} where there is none. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }
}
