package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;

/**
 * One JSON object of a data file whose shape a caller checks itself, with where it starts and
 * field access whose errors name file:line and field. It is read by the same streaming
 * {@link RecordReader} as every other kind (JSON lines, a JSON array or a keyed object; bounded
 * record size; real line numbers), for files that are read tolerantly: ids that may be strings or
 * integers, optional fields, unknown fields ignored (evaluation's question, answer, review and
 * judgement files).
 *
 * <pre>{@code
 * for (RecordFields f : RecordFields.read(path)) {
 *   String id = f.id("question_id");
 *   String text = f.text("text");
 * }
 * }</pre>
 *
 * <p>Immutable once read; not to be modified through {@link #node()}.
 */
@Experimental("the tolerant field access may move onto typed evaluation records")
public final class RecordFields {
  private final String source;
  private final long line;
  private final ObjectNode node;

  /**
   * Wraps {@code node}, read from {@code source} at {@code line}.
   *
   * @param source the file name used in messages
   * @param line the 1-based line on which the record starts (0 when unknown)
   */
  public RecordFields(String source, long line, ObjectNode node) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.line = line;
    this.node = Objects.requireNonNull(node, "node == null");
  }

  /** Opens a streaming reader of the objects of {@code file}, in file order. */
  public static RecordReader<RecordFields> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(
        (f, ctx) -> new RecordFields(ctx.source, ctx.line, f.node())));
  }

  /**
   * Every object of {@code file} (JSON lines or a JSON array; a leading byte-order mark is
   * skipped), in file order.
   *
   * @throws InvalidDataException when the file is missing, unreadable, or holds something other
   *     than JSON objects (naming file:line)
   */
  public static List<RecordFields> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /**
   * Maps every object of {@code file} with its id, refusing a repeated id (see {@link #uniqueId}).
   *
   * @param idField the id field, e.g. {@code question_id}
   * @param repeatHint appended to the message of a repeated id (may be empty)
   * @param map makes the result of one record and its id
   * @throws InvalidDataException as {@link #read} does, for a repeated id, or from {@code map}
   */
  public static <T> List<T> readKeyed(Path file, String idField, String repeatHint,
      BiFunction<RecordFields, String, T> map) {
    List<T> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (RecordFields f : read(file)) {
      out.add(map.apply(f, f.uniqueId(idField, seen, repeatHint)));
    }
    return out;
  }

  /** The record. */
  public ObjectNode node() {
    return node;
  }

  /** The source file name. */
  public String source() {
    return source;
  }

  /** The 1-based line of the record. */
  public long line() {
    return line;
  }

  /** An error about {@code field} of this record. */
  public InvalidDataException error(String field, String detail) {
    return new InvalidDataException(source, line, field, detail);
  }

  /** The field's value, if present and not null. */
  public Optional<JsonNode> get(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  /**
   * An id: a string, or an integer written as its decimal text.
   *
   * @throws InvalidDataException when it is missing or of another type
   */
  public String id(String field) {
    JsonNode v = get(field).orElseThrow(() -> error(field, "is required but missing"));
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) {
      return v.decimalValue().toBigInteger().toString();
    }
    throw error(field, "must be a string or an integer but is " + v.getNodeType());
  }

  /**
   * The id of {@code field}, after checking that no earlier record of the file had it.
   *
   * @param seen the ids read so far with their lines; this record's id is added
   * @param hint appended to the message of a repeat (may be empty)
   * @throws InvalidDataException naming this line and the first one when the id repeats
   */
  public String uniqueId(String field, Map<String, Long> seen, String hint) {
    String id = id(field);
    Long before = seen.putIfAbsent(id, line);
    if (before != null) {
      throw error(field, "repeats question id '" + id + "' of line " + before + hint);
    }
    return id;
  }

  /** A required string. @throws InvalidDataException when missing or not a string */
  public String text(String field) {
    JsonNode v = get(field).orElseThrow(() -> error(field, "is required but missing"));
    if (!v.isTextual()) {
      throw error(field, "must be a string but is " + v.getNodeType());
    }
    return v.textValue();
  }

  /** An optional string, or {@code defaultValue}; numbers and booleans are given as their text. */
  public String text(String field, String defaultValue) {
    Optional<JsonNode> v = get(field);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (v.get().isValueNode()) {
      return v.get().asText();
    }
    throw error(field, "must be a string but is " + v.get().getNodeType());
  }

  /** An optional string field, empty when absent or null. */
  public Optional<String> optionalText(String field) {
    return get(field).isPresent() ? Optional.of(text(field)) : Optional.empty();
  }

  /**
   * Mentions: null or absent (none), a string (one, unless blank), a list of strings or of objects
   * with a string {@code tokens}.
   */
  public List<String> mentions(String field) {
    return JsonFields.mentions(node.get(field), field, this::error);
  }

  /**
   * The true flags of a domain object such as {@code {"chest_xray": true}}; absent or null is none,
   * a value that is not {@code true} counts as false.
   *
   * @throws InvalidDataException when it is not an object or a true flag names no domain
   */
  public Set<Domain> domains(String field) {
    Set<Domain> out = EnumSet.noneOf(Domain.class);
    JsonNode v = get(field).orElse(null);
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw error(field, "must be an object of flags such as {\"chest_xray\": true} but is "
          + v.getNodeType());
    }
    for (Map.Entry<String, JsonNode> flag : v.properties()) {
      if (flag.getValue().asBoolean(false)) {
        out.add(Domain.fromWireName(flag.getKey()).orElseThrow(() -> error(
            field + "." + flag.getKey(), "is not a known domain; expected chest_xray, mri, ct_scan,"
                + " histology or gross")));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return source + ":" + line;
  }
}
