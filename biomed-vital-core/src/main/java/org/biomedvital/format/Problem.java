package org.biomedvital.format;

import java.util.Objects;

/**
 * One problem a reader found in a record, in lenient mode collected instead of thrown.
 *
 * @param line the 1-based line of the record (0 if unknown)
 * @param field the offending field, e.g. {@code conversations[2].from}, or empty for the record
 * @param message what was expected, what was found, and how to fix it
 * @param severity {@link Severity#ERROR} when the record was skipped (or, strictly read, would
 *     fail); {@link Severity#WARNING} when it was read anyway
 */
public record Problem(long line, String field, String message, Severity severity) {
  /** How bad a problem is. */
  public enum Severity {
    /** The record is malformed and was skipped. */
    ERROR,
    /** The record was read, but something about it is suspicious or was repaired. */
    WARNING
  }

  /** Validates. */
  public Problem {
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0 but was " + line);
    }
    Objects.requireNonNull(field, "field == null");
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(severity, "severity == null");
  }

  /** An error. */
  public static Problem error(long line, String field, String message) {
    return new Problem(line, field, message, Severity.ERROR);
  }

  /** A warning. */
  public static Problem warning(long line, String field, String message) {
    return new Problem(line, field, message, Severity.WARNING);
  }

  /** Whether this is an error. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code "line 12: error: field 'x' must be ..."}. */
  @Override
  public String toString() {
    return "line " + line + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
        + (field.isEmpty() ? "" : "field '" + field + "' ") + message;
  }
}
