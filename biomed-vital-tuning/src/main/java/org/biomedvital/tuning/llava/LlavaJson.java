package org.biomedvital.tuning.llava;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;

/**
 * Reads and writes the LLaVA training JSON: one array of {@code {id, image, conversations}}
 * records (LLaVA-Med adds {@code domain}).
 *
 * <p>Reading streams the array (bounded memory per record) and reports errors with the file and the
 * line where the bad record starts. Writing goes to a temporary file that is moved into place, so a
 * crash never leaves a half-written training file.
 */
public final class LlavaJson {
  private LlavaJson() {}

  /**
   * Streams the records of a LLaVA JSON array to {@code consumer}.
   *
   * @throws InvalidDataException naming file, line and field at the first bad record
   */
  public static void forEach(Path file, Consumer<InstructionSample> consumer) {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = Json.mapper().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new InvalidDataException(source, p.currentLocation().getLineNr(), null,
            "must be a JSON array of {id, image, conversations} records (LLaVA training format)");
      }
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new InvalidDataException(source, p.currentLocation().getLineNr(), null,
              "ends before the closing ']' of the array; the file is truncated");
        }
        long line = p.currentLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
          throw new InvalidDataException(source, line, null,
              "array element must be an object but is " + t.asString());
        }
        JsonNode node = Json.mapper().readTree(p);
        consumer.accept(Samples.fromNode(node, source, line));
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the --data path", e);
    } catch (JacksonException e) {
      throw new InvalidDataException(source, e.getLocation() == null ? 0
          : e.getLocation().getLineNr(), null, "is not valid JSON (" + e.getOriginalMessage() + ")",
          e);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every record of a LLaVA JSON array; see {@link #forEach}. */
  public static List<InstructionSample> read(Path file) {
    List<InstructionSample> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }

  /** The record LLaVA training code reads: {@code id, image, conversations} (and {@code domain}). */
  public static ObjectNode toTrainingNode(InstructionSample s) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", s.id());
    n.put("image", s.image());
    if (!s.domains().isEmpty()) {
      n.set("domain", Samples.domainNode(s.domains()));
    }
    n.set("conversations", Samples.turnsNode(s.conversation().turns()));
    return n;
  }

  /**
   * Writes the samples as one LLaVA JSON array (pretty-printed, one record per few lines) through
   * a temporary file that is atomically moved into place.
   *
   * @throws org.biomedvital.VitalIoException when the file cannot be written
   */
  public static void write(Path file, Iterable<InstructionSample> samples) {
    AtomicFiles.write(file, out -> {
      try (JsonGenerator g = Json.mapper().createGenerator(out)) {
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        for (InstructionSample s : samples) {
          g.writeTree(toTrainingNode(s));
        }
        g.writeEndArray();
      }
    });
  }

  /**
   * Whether {@code c} holds exactly one {@code <image>} token, in its first turn: what LLaVA
   * training expects (the export, the statistics and the preflight all check this one rule).
   */
  static boolean hasOneImageTokenInFirstTurn(Conversation c) {
    return c.imageTokenCount() == 1 && c.turns().get(0).text().contains(Conversation.IMAGE_TOKEN);
  }
}
