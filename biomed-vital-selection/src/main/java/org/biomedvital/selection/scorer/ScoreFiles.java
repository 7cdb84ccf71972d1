package org.biomedvital.selection.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;

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
   * Reads a scores file into id -> score (the last line of an id wins).
   *
   * @throws InvalidDataException naming file and line of a bad record
   */
  public static Map<String, Double> read(Path file) {
    Map<String, Double> out = new HashMap<>();
    String source = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      long line = 0;
      while ((text = r.readLine()) != null) {
        line++;
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
        out.put(n.get("id").asText(), n.get("score").asDouble());
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
    return out;
  }
}
