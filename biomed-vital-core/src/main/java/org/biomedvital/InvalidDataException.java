package org.biomedvital;

import java.util.Optional;

/**
 * Input data (a file, a record, a reply) is malformed. The message names the source, the line and
 * the field, says what was expected and found, and how to fix it.
 *
 * <p>Recovery: fix the input, or read it in lenient mode, which collects these problems and goes on.
 */
public class InvalidDataException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String field;
  private final String detail;

  /**
   * Creates the exception.
   *
   * @param source the file name or URL (without secrets) the data came from, or null if unknown
   * @param line the 1-based line number, or 0 if unknown
   * @param field the offending field, or null if the record as a whole is bad
   * @param detail what was expected, what was found and how to fix it
   */
  public InvalidDataException(String source, long line, String field, String detail) {
    this(source, line, field, detail, null);
  }

  /** Creates the exception with a cause; see {@link #InvalidDataException(String, long, String, String)}. */
  public InvalidDataException(String source, long line, String field, String detail, Throwable cause) {
    super(format(source, line, field, detail), cause);
    this.source = source;
    this.line = line;
    this.field = field;
    this.detail = detail;
  }

  /** Creates the exception with a complete message and no location. */
  public InvalidDataException(String message) {
    super(message);
    this.source = null;
    this.line = 0;
    this.field = null;
    this.detail = message;
  }

  /** What was expected, what was found and how to fix it: the message without the location. */
  public String detail() {
    return detail;
  }

  /** The file or URL the bad data came from, if known. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** The 1-based line of the bad record, or 0 if unknown. */
  public long line() {
    return line;
  }

  /** The offending field, if known. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  private static String format(String source, long line, String field, String detail) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    } else if (line > 0) {
      sb.append("line ").append(line).append(": ");
    }
    if (field != null) {
      sb.append("field '").append(field).append("' ");
    }
    sb.append(detail);
    return sb.toString();
  }
}
