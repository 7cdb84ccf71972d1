package org.biomedvital.selection.scorer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.biomedvital.internal.Hashing;
import org.biomedvital.model.EmbeddingInput;

/**
 * The vectors of the texts a scorer has embedded in this run, keyed by a 128-bit content hash (of
 * the text and the image's SHA-256), so each distinct text is embedded once however many candidates
 * share it. Bounded: the least recently used entries go when it holds {@code capacity} texts (a text
 * met again after that is embedded again; {@link MlpScorer#textStats()} counts it). Thread-safe.
 */
final class TextMemo {
  /** A vector, filled once by whoever embeds it (possibly another thread, before it is read). */
  static final class Slot {
    volatile float[] vector;
  }

  private record Key(long hi, long lo) {}

  private final int capacity;
  private final LinkedHashMap<Key, Slot> map;
  private final ThreadLocal<MessageDigest> digest = ThreadLocal.withInitial(Hashing::sha256);
  private long texts;
  private long embedded;

  TextMemo(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
        return size() > TextMemo.this.capacity;
      }
    };
  }

  /** A memo sized to use about an eighth of the heap for {@code dimension}-long vectors. */
  static TextMemo forHeap(int dimension) {
    long perEntry = 4L * dimension + 16 + 100;
    long n = Runtime.getRuntime().maxMemory() / 8 / perEntry;
    return new TextMemo((int) Math.max(1024, Math.min(n, 4_000_000)));
  }

  private Key key(EmbeddingInput input) {
    MessageDigest md = digest.get();
    md.reset();
    md.update(input.imageRef().map(i -> i.sha256()).orElse("-").getBytes(StandardCharsets.US_ASCII));
    md.update((byte) 0);
    byte[] h = md.digest(input.text().getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.wrap(h);
    return new Key(b.getLong(), b.getLong());
  }

  /**
   * The slot of {@code input}; {@code isNew[0]} tells whether it was created now (the caller must
   * then have it embedded and fill it).
   */
  Slot slot(EmbeddingInput input, boolean[] isNew) {
    Key k = key(input);
    synchronized (this) {
      texts++;
      Slot s = map.get(k);
      isNew[0] = s == null;
      if (s == null) {
        s = new Slot();
        map.put(k, s);
        embedded++;
      }
      return s;
    }
  }

  /** Texts looked up and texts sent to the embedder, so far. */
  synchronized long[] counts() {
    return new long[] {texts, embedded};
  }

  /** Forgets a slot that will not be filled (its embedding failed). */
  synchronized void forgetUnfilled() {
    map.values().removeIf(s -> s.vector == null);
  }
}
