package org.biomedvital.selection.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.format.DuplicateIds;
import org.biomedvital.format.DuplicatePolicy;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;

/**
 * The scores file: one {@code {"id": "...", "score": 1.25, "scorer": "..."}} a line, written through
 * the append-only journal by the {@code score} command (a resumed run scores only what is missing).
 */
public final class ScoreFiles {
  private ScoreFiles() {}

  /** One score line. */
  public static String toJson(String id, double score, String scorer) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", id);
    n.put("score", score);
    n.put("scorer", scorer);
    return n.toString();
  }

  /**
   * Reads a scores file into id -> score, refusing a repeated id.
   *
   * @throws InvalidDataException naming file and line of a bad record, or both lines of an id
   *     scored twice
   */
  public static Map<String, Double> read(Path file) {
    return read(file, DuplicatePolicy.REFUSE);
  }

  /**
   * Reads a scores file into id -> score; a repeated id is refused or (with {@link
   * DuplicatePolicy#DROP_LATER}) its later lines dropped with a warning, the first score kept.
   *
   * @throws InvalidDataException naming file and line of a bad record (or of a repeated id)
   */
  public static Map<String, Double> read(Path file, DuplicatePolicy duplicates) {
    Map<String, Double> out = new HashMap<>();
    String source = file.toString();
    DuplicateIds seen = new DuplicateIds(source, duplicates);
    long line = 0;
    try (LineReader r = new LineReader(Files.newInputStream(file), source)) {
      String text;
      while ((text = r.readLine()) != null) {
        line = r.lineNumber();
        if (text.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = Json.mapper().readTree(text);
        } catch (IOException e) {
          throw new InvalidDataException(source, line, null, "is not valid JSON; each line must hold one object", e);
        }
        if (!n.path("id").isTextual()) {
          throw new InvalidDataException(source, line, "id", "must be a string");
        }
        if (!n.path("score").isNumber()) {
          throw new InvalidDataException(source, line, "score", "must be a number");
        }
        if (seen.admit(n.get("id").asText(), line)) {
          out.put(n.get("id").asText(), n.get("score").asDouble());
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, line, null, "cannot be read: " + e.getMessage(), e);
    }
    return out;
  }
}
