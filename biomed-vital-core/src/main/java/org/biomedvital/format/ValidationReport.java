package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Validation#validate} found in a file.
 *
 * @param file the file
 * @param kind its kind
 * @param layout its layout
 * @param records the records read without error
 * @param turns the conversation turns over those records (0 for kinds without conversations)
 * @param turnsPerRecord how many records have each number of turns, by turn count
 * @param domains how many records carry each domain flag (wire name; {@code "none"} for records
 *     with no flag), in {@link org.biomedvital.data.Domain#WIRE_ORDER}
 * @param problems the problems kept (at most {@link RecordReader#MAX_PROBLEMS})
 * @param errors every error, including those beyond the kept problems
 * @param warnings every warning, including those beyond the kept problems
 */
public record ValidationReport(
    Path file,
    FileKind kind,
    Layout layout,
    long records,
    long turns,
    Map<Integer, Long> turnsPerRecord,
    Map<String, Long> domains,
    List<Problem> problems,
    long errors,
    long warnings) {

  /** Validates and copies. */
  public ValidationReport {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(layout, "layout == null");
    turnsPerRecord = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(turnsPerRecord));
    domains = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(domains));
    problems = List.copyOf(problems);
  }

  /** Whether the file has no errors (warnings allowed). */
  public boolean ok() {
    return errors == 0;
  }
}
