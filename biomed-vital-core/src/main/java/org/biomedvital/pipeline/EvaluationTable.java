package org.biomedvital.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.internal.Checks;

/**
 * One table of evaluation results for the run report, e.g. the open visual chat relative scores per
 * domain. The evaluate stage writes its tables with {@link EvaluationTables#write}.
 *
 * @param title the table's title
 * @param columns the column headers
 * @param rows the cells, row by row, each as wide as {@code columns}
 */
public record EvaluationTable(String title, List<String> columns, List<List<String>> rows) {
  /** Validates and copies. */
  public EvaluationTable {
    Checks.notBlank(title, "title");
    columns = List.copyOf(columns);
    List<List<String>> copy = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = List.copyOf(rows.get(i));
      Checks.checkArgument(row.size() == columns.size(),
          "row %d of table '%s' has %d cells but there are %d columns", i, title, row.size(),
          columns.size());
      copy.add(row);
    }
    rows = List.copyOf(copy);
  }
}
