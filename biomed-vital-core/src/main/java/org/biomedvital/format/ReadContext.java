package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.biomedvital.InvalidDataException;

/** Where a reader is: source, line, record index, group; collects warnings. Package-private. */
final class ReadContext {
  final String source;
  final Layout layout;
  private final List<Problem> problems;
  long line;
  long index;
  String group;
  String rawLine;
  String recordId;

  ReadContext(String source, Layout layout, List<Problem> problems) {
    this.source = source;
    this.layout = layout;
    this.problems = problems;
  }

  /** A suffix locating the record when line numbers alone do not (arrays on one line). */
  String where() {
    StringBuilder sb = new StringBuilder();
    if (layout != Layout.JSONL) {
      sb.append(" (record ").append(index);
      if (group != null) {
        sb.append(" of '").append(group).append('\'');
      }
      if (recordId != null) {
        sb.append(", id '").append(recordId).append('\'');
      }
      sb.append(')');
    } else if (recordId != null) {
      sb.append(" (id '").append(recordId).append("')");
    }
    return sb.toString();
  }

  /** An error for the current record. */
  InvalidDataException error(String field, String detail) {
    return new InvalidDataException(source, line, field, detail + where());
  }

  /** Records a warning for the current record. */
  void warn(String field, String detail) {
    problems.add(Problem.warning(line, field == null ? "" : field, detail + where()));
  }

  JsonFields fields(JsonNode node) {
    return new JsonFields(this, node);
  }
}
