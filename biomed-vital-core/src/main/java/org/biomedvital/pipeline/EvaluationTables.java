package org.biomedvital.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;

/**
 * Reads and writes {@code tables.json}, the evaluate stage's results that the run report shows:
 * {@code {"tables": [{"title": ..., "columns": [...], "rows": [[...], ...]}]}}.
 */
public final class EvaluationTables {
  /** The file name inside the evaluation folder. */
  public static final String FILE_NAME = "tables.json";

  private EvaluationTables() {}

  /** Writes the tables to {@code file} atomically. */
  public static void write(Path file, List<EvaluationTable> tables) {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode arr = root.putArray("tables");
    for (EvaluationTable t : tables) {
      ObjectNode n = arr.addObject();
      n.put("title", t.title());
      ArrayNode cols = n.putArray("columns");
      t.columns().forEach(cols::add);
      ArrayNode rows = n.putArray("rows");
      for (List<String> r : t.rows()) {
        ArrayNode row = rows.addArray();
        r.forEach(row::add);
      }
    }
    try {
      Fingerprints.writeAtomically(file, Json.mapper().writer()
          .with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise evaluation tables", e);
    }
  }

  /**
   * Reads the tables of {@code file}.
   *
   * @throws InvalidDataException naming the file and the bad field
   */
  public static List<EvaluationTable> read(Path file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.path("tables").isArray()) {
      throw new InvalidDataException(file.toString(), 0, "tables", "must be a list of tables");
    }
    List<EvaluationTable> out = new ArrayList<>();
    int i = 0;
    for (JsonNode t : root.get("tables")) {
      List<String> cols = new ArrayList<>();
      t.path("columns").forEach(c -> cols.add(c.asText()));
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : t.path("rows")) {
        List<String> row = new ArrayList<>();
        r.forEach(c -> row.add(c.asText()));
        rows.add(row);
      }
      try {
        out.add(new EvaluationTable(t.path("title").asText(""), cols, rows));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidDataException(file.toString(), 0, "tables[" + i + "]", e.getMessage(), e);
      }
      i++;
    }
    return out;
  }

  /** Whether {@code file} exists. */
  public static boolean exists(Path file) {
    return Files.isRegularFile(file);
  }
}
