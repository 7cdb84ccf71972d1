package org.biomedvital.selection.preference;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;

/**
 * Walks the non-blank lines of a JSON-lines file, and parses a line into an object, for the pairs
 * and ratings codecs. Package-private.
 */
final class JsonLines {
  private JsonLines() {}

  /** Takes one non-blank line and its 1-based number. */
  interface Handler {
    void line(String text, long line);
  }

  /**
   * Parses one line that must hold a JSON object.
   *
   * @throws InvalidDataException naming source and line when it is not JSON or not an object
   */
  static JsonNode object(String json, String source, long line) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new InvalidDataException(source, line, null,
          "is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new InvalidDataException(source, line, null, "must be a JSON object");
    }
    return n;
  }

  /**
   * Hands each non-blank line of {@code file} to {@code handler}. Lines are split on bytes by core's
   * {@link LineReader}: invalid UTF-8 is named at its own line and records are bounded in size.
   *
   * @throws InvalidDataException when the file is missing or unreadable, naming it
   */
  static void forEach(Path file, Handler handler) {
    String source = file.toString();
    try (LineReader r = new LineReader(Files.newInputStream(file), source)) {
      String text;
      while ((text = r.readLine()) != null) {
        if (!text.isBlank()) {
          handler.line(text, r.lineNumber());
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }
}
