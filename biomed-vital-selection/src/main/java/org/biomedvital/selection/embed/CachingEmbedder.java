package org.biomedvital.selection.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * An embedder that remembers vectors on disk, keyed by the SHA-256 of the embedder id, the text and
 * the image content. Vectors live in one append-only journal per embedder id ({@code
 * embeddings-<hash of id>.jsonl} in the cache folder), so a crash loses at most the vector being
 * written and a second run embeds only what is new. Vectors of the journal are held in memory
 * (about 4 bytes a dimension per entry).
 *
 * <p>Thread-safe. Closing closes the journal, and the wrapped embedder when it is {@link
 * AutoCloseable}.
 */
public final class CachingEmbedder implements Embedder, AutoCloseable {
  private final Embedder delegate;
  private final Journal journal;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachingEmbedder(Embedder delegate, Path dir) {
    this.delegate = delegate;
    String file = "embeddings-" + Hashing.sha256Hex(delegate.id()).substring(0, 16) + ".jsonl";
    this.journal = Journal.open(dir.resolve(file), "key", Durability.PROCESS_CRASH_SAFE);
    journal.forEach((key, line) -> vectors.put(key, decode(line, journal.file())));
  }

  /**
   * Wraps {@code delegate} with a cache in {@code dir} (created if needed).
   *
   * @throws InvalidDataException when the cache file is corrupt
   */
  public static CachingEmbedder wrap(Embedder delegate, Path dir) {
    Objects.requireNonNull(delegate, "delegate == null");
    Objects.requireNonNull(dir, "dir == null");
    return new CachingEmbedder(delegate, dir);
  }

  /** The cache key of an input: SHA-256 over embedder id, text and image content. */
  public String key(EmbeddingInput input) {
    String image = input.imageRef().map(i -> i.sha256()).orElse("-");
    return Hashing.sha256Hex(delegate.id() + '\u0000' + image + '\u0000' + input.text());
  }

  /** How many vectors came from the cache. */
  public long hits() {
    return hits.get();
  }

  /** How many vectors had to be computed. */
  public long misses() {
    return misses.get();
  }

  /** The number of vectors cached. */
  public int size() {
    return vectors.size();
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<String> keys = new ArrayList<>(inputs.size());
    List<EmbeddingInput> missing = new ArrayList<>();
    List<String> missingKeys = new ArrayList<>();
    for (EmbeddingInput in : inputs) {
      String k = key(in);
      keys.add(k);
      if (!vectors.containsKey(k) && !missingKeys.contains(k)) {
        missing.add(in);
        missingKeys.add(k);
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> computed = delegate.embedAll(missing);
      for (int i = 0; i < computed.size(); i++) {
        float[] v = computed.get(i);
        String k = missingKeys.get(i);
        if (vectors.putIfAbsent(k, v) == null) {
          journal.append(k, encode(k, v));
        }
      }
      misses.addAndGet(missing.size());
    }
    hits.addAndGet(inputs.size() - missing.size());
    List<float[]> out = new ArrayList<>(inputs.size());
    for (String k : keys) {
      out.add(vectors.get(k).clone());
    }
    return out;
  }

  private String encode(String key, float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("key", key);
    n.put("embedder", delegate.id());
    n.put("dimension", v.length);
    n.put("vector", Base64.getEncoder().encodeToString(b.array()));
    return n.toString();
  }

  private static float[] decode(String line, Path file) {
    try {
      JsonNode n = Json.mapper().readTree(line);
      byte[] bytes = Base64.getDecoder().decode(n.path("vector").asText());
      int dim = n.path("dimension").asInt(-1);
      if (dim * 4 != bytes.length) {
        throw new IllegalArgumentException("vector holds " + bytes.length + " bytes, expected " + dim * 4);
      }
      float[] v = new float[dim];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    } catch (Exception e) {
      throw new InvalidDataException(file.toString(), 0, "vector",
          "embedding cache entry is corrupt (" + e.getMessage() + "); delete the file to rebuild it", e);
    }
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public void close() {
    journal.close();
    if (delegate instanceof AutoCloseable) {
      try {
        ((AutoCloseable) delegate).close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close " + delegate + ": " + e.getMessage(), e);
      }
    }
  }
}
