package org.biomedvital.selection.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * An embedder that remembers vectors on disk, keyed by the SHA-256 of the embedder id, the text and
 * the image content. Vectors live in one append-only journal per embedder id ({@code
 * embeddings-<hash of id>.jsonl} in the cache folder), so a crash loses at most the vector being
 * written and a second run embeds only what is new. Memory holds only an index (key to the
 * record's place in the file, about 150 bytes an entry); a cached vector is read back from the file
 * when asked for, so a pool of hundreds of thousands of texts fits a small heap.
 *
 * <p>Thread-safe. Closing closes the journal, and the wrapped embedder when it is {@link
 * AutoCloseable}.
 */
public final class CachingEmbedder implements Embedder, AutoCloseable {
  private final Embedder delegate;
  private final Journal journal;
  private final FileChannel reader;
  /** Key to (offset << 24 | length) of its line in the journal file. */
  private final Map<String, Long> index = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachingEmbedder(Embedder delegate, Path dir) {
    this.delegate = delegate;
    String file = "embeddings-" + Hashing.sha256Hex(delegate.id()).substring(0, 16) + ".jsonl";
    this.journal = Journal.open(dir.resolve(file), "key", Durability.PROCESS_CRASH_SAFE);
    try {
      this.reader = FileChannel.open(journal.file(), StandardOpenOption.READ);
      indexFile();
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e instanceof InvalidDataException ide ? ide : new InvalidDataException(journal.file().toString(), 0,
          null, "cannot read the embedding cache (" + e.getMessage() + "); delete the file to rebuild it", e);
    }
  }

  /**
   * Records each line's key, offset and length (the journal has cut a torn tail already). Lines are
   * read with core's bounded {@link LineReader}: a line that is not UTF-8 or is over the record
   * limit is named by its number.
   */
  private void indexFile() throws IOException {
    try (LineReader in = new LineReader(Files.newInputStream(journal.file()), journal.file().toString())) {
      long lineStart = 0;
      String text;
      while ((text = in.readLine()) != null) {
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        // a last line without its '\n' is not a whole record (the original reader skipped it too)
        if (length > 0 && in.offset() - lineStart > length) {
          index.put(keyOf(text, in.lineNumber()), pack(lineStart, length));
        }
        lineStart = in.offset();
      }
    }
  }

  /** The key of a line, after checking the line is a whole vector record. */
  private String keyOf(String line, long lineNo) {
    // encode()'s layout is checked cheaply: key first, then the vector's length against its
    // dimension; anything else is decoded in full.
    int dim = line.indexOf("\"dimension\":");
    int vec = line.indexOf("\"vector\":\"");
    if (line.startsWith("{\"key\":\"") && line.length() > 72 && line.charAt(72) == '"' && dim > 0 && vec > dim
        && line.endsWith("\"}")) {
      try {
        int d = Integer.parseInt(line.substring(dim + 12, line.indexOf(',', dim)));
        // Base64 with padding: 4 characters per 3 bytes, rounded up.
        if (d > 0 && line.length() - 2 - (vec + 10) == (4 * d + 2) / 3 * 4) {
          return line.substring(8, 72);
        }
      } catch (RuntimeException e) {
        // fall through to the full check
      }
    }
    decode(line, journal.file());
    try {
      return Json.mapper().readTree(line).path("key").asText();
    } catch (IOException e) {
      throw new InvalidDataException(journal.file().toString(), lineNo, "key",
          "embedding cache entry is corrupt (" + e.getMessage() + "); delete the file to rebuild it", e);
    }
  }

  private static long pack(long offset, int length) {
    return offset << 24 | length;
  }

  private float[] read(long packed) {
    int length = (int) (packed & 0xFFFFFF);
    ByteBuffer b = ByteBuffer.allocate(length);
    long at = packed >>> 24;
    try {
      while (b.hasRemaining()) {
        if (reader.read(b, at + b.position()) < 0) {
          throw new IOException("unexpected end of file");
        }
      }
    } catch (IOException e) {
      throw new VitalIoException(journal.file(), "cannot read the embedding cache " + journal.file() + ": "
          + e.getMessage(), e);
    }
    return decode(new String(b.array(), StandardCharsets.UTF_8), journal.file());
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
    return index.size();
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<String> keys = new ArrayList<>(inputs.size());
    Map<String, EmbeddingInput> missing = new LinkedHashMap<>();
    for (EmbeddingInput in : inputs) {
      String k = key(in);
      keys.add(k);
      if (!index.containsKey(k)) {
        missing.putIfAbsent(k, in);
      }
    }
    Map<String, float[]> computed = new HashMap<>();
    if (!missing.isEmpty()) {
      List<float[]> v = delegate.embedAll(new ArrayList<>(missing.values()));
      int i = 0;
      for (String k : missing.keySet()) {
        computed.put(k, v.get(i++));
      }
      append(computed);
      misses.addAndGet(missing.size());
    }
    hits.addAndGet(inputs.size() - missing.size());
    List<float[]> out = new ArrayList<>(inputs.size());
    for (String k : keys) {
      float[] v = computed.get(k);
      out.add(v != null ? v.clone() : read(index.get(k)));
    }
    return out;
  }

  private synchronized void append(Map<String, float[]> vectors) {
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      String k = e.getKey();
      if (index.containsKey(k)) {
        continue;
      }
      String line = encode(k, e.getValue());
      if (journal.append(k, line)) {
        int length = line.getBytes(StandardCharsets.UTF_8).length;
        try {
          index.put(k, pack(Files.size(journal.file()) - length - 1, length));
        } catch (IOException ex) {
          throw new VitalIoException(journal.file(), "cannot read the size of " + journal.file() + ": "
              + ex.getMessage(), ex);
        }
      }
    }
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
    try {
      reader.close();
    } catch (IOException e) {
      // Read-only handle: nothing is lost.
    }
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
