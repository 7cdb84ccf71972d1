package org.biomedvital.cli.selection;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.biomedvital.model.Embedder;

/** Helpers shared by the selection commands. */
final class CliSupport {
  private CliSupport() {}

  /** Closes an embedder if it holds resources. */
  static void closeQuietly(Embedder embedder) {
    if (embedder instanceof AutoCloseable) {
      try {
        ((AutoCloseable) embedder).close();
      } catch (Exception e) {
        // Closing native resources at exit; nothing useful to report.
      }
    }
  }

  /** Metrics as {@code name value} pairs with four decimals, sorted by name, Locale.ROOT. */
  static String metrics(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(m).forEach((k, v) -> {
      if (!k.equals("pairs")) {
        sb.append("  ").append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v));
      }
    });
    return sb.toString();
  }
}
