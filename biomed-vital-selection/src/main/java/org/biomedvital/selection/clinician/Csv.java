package org.biomedvital.selection.clinician;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ({@code ""}) and line breaks. Package-private. */
final class Csv {
  private Csv() {}

  /** One parsed record with the 1-based line it starts on. */
  record Row(long line, List<String> fields) {}

  static List<Row> read(Reader in) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    long line = 1;
    long start = 1;
    int c;
    int pending = -1;
    while (true) {
      c = pending >= 0 ? pending : in.read();
      pending = -1;
      if (c < 0) {
        break;
      }
      if (c == '\uFEFF' && rows.isEmpty() && fields.isEmpty() && field.length() == 0 && !any) {
        continue;
      }
      if (quoted) {
        if (c == '"') {
          int next = in.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            pending = next;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
        continue;
      }
      if (c == '"' && field.length() == 0) {
        quoted = true;
        any = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\r') {
        // Ignored: a line ends at '\n'.
      } else if (c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        if (any || fields.size() > 1 || !fields.get(0).isEmpty()) {
          rows.add(new Row(start, List.copyOf(fields)));
        }
        fields.clear();
        any = false;
        line++;
        start = line;
      } else {
        field.append((char) c);
        any = true;
      }
    }
    if (any || field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      rows.add(new Row(start, List.copyOf(fields)));
    }
    return rows;
  }

  static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.append("\r\n").toString();
  }
}
