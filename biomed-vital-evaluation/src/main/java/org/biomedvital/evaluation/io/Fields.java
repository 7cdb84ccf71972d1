package org.biomedvital.evaluation.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.biomedvital.InvalidDataException;

/** Field access on one JSON record with errors that name source, line and field. */
public final class Fields {
  private final String source;
  private final long line;
  private final ObjectNode node;

  /** Wraps {@code node}, read from {@code source} at {@code line}. */
  public Fields(String source, long line, ObjectNode node) {
    this.source = source;
    this.line = line;
    this.node = node;
  }

  /** The record. */
  public ObjectNode node() {
    return node;
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

  /** The source file name. */
  public String source() {
    return source;
  }

  /** The 1-based line of the record. */
  public long line() {
    return line;
  }
}
