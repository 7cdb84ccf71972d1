package org.biomedvital.selection.embed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * A deterministic embedder that needs no model: lower-cased word unigrams and bigrams are hashed
 * (64-bit FNV-1a) into signed buckets, counted with sub-linear weight and L2-normalised. The same
 * text gives the same vector on every JVM. The image, if any, is ignored.
 *
 * <p>Meant for tests, for quick offline runs and as a fallback; texts that share words land close
 * together, but it knows nothing of paraphrase. Thread-safe.
 */
public final class HashingEmbedder implements Embedder {
  /** The default number of dimensions. */
  public static final int DEFAULT_DIMENSION = 256;

  private final int dimension;

  private HashingEmbedder(int dimension) {
    this.dimension = Checks.positive(dimension, "dimension");
  }

  /** A hashing embedder with {@link #DEFAULT_DIMENSION} dimensions. */
  public static HashingEmbedder create() {
    return new HashingEmbedder(DEFAULT_DIMENSION);
  }

  /** A hashing embedder with {@code dimension} dimensions. */
  public static HashingEmbedder create(int dimension) {
    return new HashingEmbedder(dimension);
  }

  /** The vector length. */
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    float[] v = new float[dimension];
    List<String> words = words(input.text());
    float[] counts = new float[dimension];
    for (int i = 0; i < words.size(); i++) {
      add(counts, v, words.get(i));
      if (i + 1 < words.size()) {
        add(counts, v, words.get(i) + ' ' + words.get(i + 1));
      }
    }
    return Vectors.normaliseInPlace(v);
  }

  private void add(float[] counts, float[] v, String feature) {
    long h = fnv1a(feature);
    int bucket = (int) Long.remainderUnsigned(h, dimension);
    float sign = (h >>> 63) == 0 ? 1f : -1f;
    // Sub-linear term frequency: the n-th occurrence adds log(n+1) - log(n).
    float before = counts[bucket];
    counts[bucket] = before + 1;
    v[bucket] += sign * (float) (Math.log1p(before + 1) - Math.log1p(before));
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      } else if (sb.length() > 0) {
        out.add(sb.toString());
        sb.setLength(0);
      }
    }
    if (sb.length() > 0) {
      out.add(sb.toString());
    }
    return out;
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    // Final avalanche so that the top (sign) bit depends on every byte.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  @Override
  public String id() {
    return "hashing-" + dimension;
  }

  @Override
  public String toString() {
    return "HashingEmbedder{" + dimension + "}";
  }
}
