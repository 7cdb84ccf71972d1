package org.biomedvital.generation.runner;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Figure;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Hashing;

/**
 * Shard {@code index} of {@code count}: the figures whose SHA-256 of {@code pair_id} is {@code index}
 * modulo {@code count}. Several machines each take one shard (0-based) and together cover a corpus
 * exactly once.
 *
 * @param index the shard, in [0, count)
 * @param count the number of shards, > 0
 */
public record Shard(int index, int count) {
  /** The whole corpus. */
  public static final Shard ALL = new Shard(0, 1);

  /** Validates. */
  public Shard {
    if (count <= 0 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard must be i/k with k > 0 and 0 <= i < k but was " + index + "/" + count);
    }
  }

  /**
   * Parses {@code "i/k"}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static Shard parse(String spec) {
    String[] parts = spec == null ? new String[0] : spec.trim().split("/");
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("shard must look like i/k (0-based, e.g. 0/4) but was '"
        + spec + "'");
  }

  /** Whether the figure with this pair id belongs to this shard. */
  public boolean contains(String pairId) {
    if (count == 1) {
      return true;
    }
    byte[] h = Hashing.sha256().digest(pairId.getBytes(StandardCharsets.UTF_8));
    return Math.floorMod(ByteBuffer.wrap(h).getLong(), (long) count) == index;
  }

  /**
   * The figures of this shard, in their order, at most {@code limit} of them (0: no limit).
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  public List<Figure> select(Iterable<Figure> figures, int limit) {
    Checks.nonNegative(limit, "limit");
    List<Figure> mine = new ArrayList<>();
    for (Figure f : figures) {
      if (contains(f.pairId())) {
        if (limit > 0 && mine.size() >= limit) {
          break;
        }
        mine.add(f);
      }
    }
    return mine;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
