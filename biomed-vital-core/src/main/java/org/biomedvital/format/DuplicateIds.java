package org.biomedvital.format;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the line of each id read from one file, to find duplicates: {@link #admit} applies a
 * {@link DuplicatePolicy}; {@link #firstLine} only tells. Memory grows with the number of distinct
 * ids. Not thread-safe.
 *
 * <pre>{@code
 * DuplicateIds seen = new DuplicateIds("scores.jsonl", DuplicatePolicy.REFUSE);
 * if (seen.admit(id, line)) {
 *   keep(record);
 * }
 * }</pre>
 */
public final class DuplicateIds {
  private static final Logger LOG = LoggerFactory.getLogger(DuplicateIds.class);

  private final String source;
  private final DuplicatePolicy policy;
  private final Map<String, Long> lines = new HashMap<>();
  private long dropped;

  /**
   * A tracker for one file.
   *
   * @param source the file name used in messages
   * @param policy what {@link #admit} does with a repeated id
   */
  public DuplicateIds(String source, DuplicatePolicy policy) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.policy = Objects.requireNonNull(policy, "policy == null");
  }

  /**
   * Records {@code id} at {@code line} unless it was seen, and returns the line where it was first
   * seen (0 when it is new; at least 1 for a repeat, even when the first line was unknown).
   */
  public long firstLine(String id, long line) {
    Long first = lines.putIfAbsent(id, line);
    return first == null ? 0 : Math.max(1, first);
  }

  /**
   * Whether to keep the record of {@code id} at {@code line}: true the first time; for a repeat,
   * {@link DuplicatePolicy#REFUSE} throws and {@link DuplicatePolicy#DROP_LATER} logs a warning
   * and returns false.
   *
   * @throws InvalidDataException naming the id and both lines, under {@link DuplicatePolicy#REFUSE}
   */
  public boolean admit(String id, long line) {
    Long seen = lines.putIfAbsent(id, line);
    if (seen == null) {
      return true;
    }
    long first = seen;
    if (policy == DuplicatePolicy.REFUSE) {
      throw new InvalidDataException(source, line, null, message(id, first)
          + ": each id must appear once; remove the later copy, or drop later copies on purpose "
          + "(--drop-duplicates)");
    }
    dropped++;
    LOG.warn("{}:{}: {}; dropped this later copy", source, line, message(id, first));
    return false;
  }

  /** How many later copies {@link #admit} dropped. */
  public long dropped() {
    return dropped;
  }

  /** The number of distinct ids seen. */
  public int size() {
    return lines.size();
  }

  /** {@code "id 'x' repeats the record on line 3"}. */
  static String message(String id, long firstLine) {
    return "id '" + id + "' repeats the record " + (firstLine > 0 ? "on line " + firstLine
        : "seen before");
  }
}
