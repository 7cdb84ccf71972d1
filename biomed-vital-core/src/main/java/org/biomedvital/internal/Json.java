package org.biomedvital.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.biomedvital.InvalidDataException;

/** The one configured Jackson mapper of the library. Thread-safe; share it. */
public final class Json {
  /**
   * Nesting deeper than this is rejected as malformed input (guards readers against stack
   * exhaustion on hostile files).
   */
  public static final int MAX_NESTING_DEPTH = 200;

  /** Strings longer than this (64 MiB) are rejected as malformed input. */
  public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .build())
          .build();

  private static final JsonMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private Json() {}

  /** The shared mapper. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** The shared factory, with the library's read limits. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  /**
   * Parses one record's text (a line of a JSON-lines file, a small file) with the shared mapper.
   *
   * @param source the file name for error messages
   * @param line the 1-based line number for error messages
   * @param advice appended to the error message after the parser's reason, e.g. {@code "; each
   *     line must hold one object"}, or empty
   * @throws InvalidDataException {@code "is not valid JSON (<reason>)<advice>"} at source and line
   */
  public static JsonNode readTree(String text, String source, long line, String advice) {
    try {
      return MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new InvalidDataException(source, line, null,
          "is not valid JSON (" + e.getOriginalMessage() + ")" + advice, e);
    }
  }
}
