package org.biomedvital.testing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * A deterministic bag-of-words {@link Embedder} for tests: each lower-cased word is hashed into one
 * of {@code dimensions} buckets and the vector is L2-normalised, so texts sharing words are close
 * and the same text always gives the same vector. An image, when present, adds one bucket derived
 * from its content hash. Thread-safe.
 */
public final class HashingTestEmbedder implements Embedder {
  /** The default number of dimensions. */
  public static final int DEFAULT_DIMENSIONS = 64;

  private final int dimensions;

  /** An embedder with {@link #DEFAULT_DIMENSIONS}. */
  public HashingTestEmbedder() {
    this(DEFAULT_DIMENSIONS);
  }

  /** An embedder with {@code dimensions} buckets. */
  public HashingTestEmbedder(int dimensions) {
    this.dimensions = Checks.positive(dimensions, "dimensions");
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    float[] v = new float[dimensions];
    for (String word : input.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        v[bucket(word)] += 1f;
      }
    }
    input.imageRef().ifPresent(image -> v[bucket("image:" + image.sha256())] += 1f);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float n = (float) Math.sqrt(norm);
      for (int i = 0; i < v.length; i++) {
        v[i] /= n;
      }
    }
    return v;
  }

  @Override
  public String id() {
    return "hashing-test-" + dimensions;
  }

  private int bucket(String word) {
    // FNV-1a over UTF-8 bytes: spreads short words better than String.hashCode.
    int h = 0x811C9DC5;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x01000193;
    }
    return Math.floorMod(h, dimensions);
  }
}
