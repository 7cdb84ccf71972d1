package org.biomedvital.cli.selection;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.embed.CachingEmbedder;
import org.biomedvital.selection.embed.EmbedderSpecs;

/** Helpers shared by the selection commands. */
final class CliSupport {
  private CliSupport() {}

  /** The embedder {@code spec} names, behind the on-disk cache in {@code cache} when one is given. */
  static Embedder embedder(String spec, Path cache) {
    Embedder created = EmbedderSpecs.create(spec);
    return cache == null ? created : CachingEmbedder.wrap(created, cache);
  }

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
