package org.biomedvital.evaluation.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;

/**
 * Reads the JSON records of evaluation files: JSONL (one object a line, blank lines skipped) or one
 * JSON array of objects, told apart by the first non-blank character. Each record comes with its
 * 1-based line, so that every error can name file:line and field. A leading UTF-8 byte-order mark
 * is skipped.
 *
 * <p>These readers are tolerant by design (unknown fields are ignored) and will be unified with the
 * core readers of {@code org.biomedvital.format} once those cover evaluation files.
 */
public final class Records {
  private Records() {}

  /** One JSON object of a file, with where it starts. */
  public record Entry(String source, long line, ObjectNode node) {
    /** Field access with errors naming this record's source, line and the field. */
    public Fields fields() {
      return new Fields(source, line, node);
    }
  }

  /**
   * Every object of a JSONL file or JSON array file, in file order.
   *
   * @throws InvalidDataException when the file is missing, unreadable, or holds something other
   *     than JSON objects (naming file:line)
   */
  public static List<Entry> read(Path file) {
    String source = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.mark(1);
      if (r.read() != '\uFEFF') {
        r.reset();
      }
      r.mark(1 << 16);
      int c;
      do {
        c = r.read();
      } while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
      r.reset();
      return c == '[' ? readArray(source, r) : readLines(source, r);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<Entry> readLines(String source, BufferedReader r) throws IOException {
    List<Entry> out = new ArrayList<>();
    String line;
    long no = 0;
    while ((line = r.readLine()) != null) {
      no++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.mapper().readTree(line);
      } catch (JsonProcessingException e) {
        throw new InvalidDataException(source, no, null,
            "is not valid JSON (" + e.getOriginalMessage() + "); each line must be one JSON object",
            e);
      }
      if (node == null || !node.isObject()) {
        throw new InvalidDataException(source, no, null,
            "must be a JSON object but is " + (node == null ? "empty" : node.getNodeType()));
      }
      out.add(new Entry(source, no, (ObjectNode) node));
    }
    return out;
  }

  private static List<Entry> readArray(String source, Reader r) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (JsonParser p = Json.factory().createParser(r)) {
      p.setCodec(Json.mapper());
      p.nextToken();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        JsonLocation at = p.currentTokenLocation();
        if (t == null) {
          throw new InvalidDataException(source, at.getLineNr(), null,
              "the JSON array is not closed; the file is truncated");
        }
        if (t != JsonToken.START_OBJECT) {
          throw new InvalidDataException(source, at.getLineNr(), null,
              "array element " + (out.size() + 1) + " must be a JSON object but is " + t);
        }
        JsonNode node = p.readValueAsTree();
        out.add(new Entry(source, at.getLineNr(), (ObjectNode) node));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidDataException(source, at == null ? 0 : at.getLineNr(), null,
          "is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return out;
  }
}
