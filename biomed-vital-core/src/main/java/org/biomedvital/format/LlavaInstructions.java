package org.biomedvital.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Json;

/**
 * LLaVA-Med / BioMed-VITAL instruction data (method.md 5.3): a JSON array (or JSON lines) of
 * {@code {id, image, domain, conversations}} records. Reading streams record by record, straight
 * from the token stream; writing streams too.
 *
 * <pre>{@code
 * try (RecordReader<LlavaRecord> in = LlavaInstructions.reader(Path.of("biomed_vital_80k.json"), ReadMode.STRICT);
 *      RecordWriter<LlavaRecord> out = LlavaInstructions.writer(Path.of("kept.json"), Layout.JSON_ARRAY)) {
 *   in.forEachRemaining(r -> { if (keep(r)) out.write(r); });
 * }
 * }</pre>
 *
 * <p>Checks: {@code id} is a string or integer, {@code image} a string, {@code domain} the five
 * boolean flags, {@code conversations} (or the typo {@code conversatons}) a non-empty list of
 * {@code {from: human|gpt, value}} that starts with human and alternates. Warnings: no
 * {@code <image>} token, more than one, or one outside the first human turn.
 */
public final class LlavaInstructions {
  /** The fields {@link LlavaRecord} models; all others are kept as extras. */
  static final Set<String> KNOWN_FIELDS = Set.of("id", "image", "domain", "conversations", "conversatons");

  /** The shared empty extras of records that have none; never mutated (records copy on change). */
  private static final ObjectNode NO_EXTRA = Json.mapper().createObjectNode();

  private LlavaInstructions() {}

  /**
   * Opens a streaming reader.
   *
   * @throws InvalidDataException when the file is missing or unreadable (and, strictly, at the first
   *     malformed record)
   */
  public static RecordReader<LlavaRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, (p, c) -> map(p, c, true));
  }

  /**
   * Reads a whole file strictly into a list (for files that fit in memory).
   *
   * @throws InvalidDataException at the first malformed record
   */
  public static List<LlavaRecord> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /** Opens a streaming writer of a JSON array (the LLaVA training format). */
  public static RecordWriter<LlavaRecord> writer(Path file) {
    return writer(file, Layout.JSON_ARRAY);
  }

  /**
   * Opens a streaming writer: {@link Layout#JSON_ARRAY} or {@link Layout#JSONL}. It refuses a
   * second record of an id (and discards the file): training data holds each sample once.
   */
  public static RecordWriter<LlavaRecord> writer(Path file, Layout layout) {
    return RecordWriter.open(file, layout, LlavaRecord::writeTo, null, LlavaRecord::id);
  }

  /**
   * Maps one record straight from the token stream (no intermediate tree for the modelled fields).
   *
   * @param instructionChecks whether to warn about the {@code <image>} token placement
   */
  static LlavaRecord map(JsonParser p, ReadContext ctx, boolean instructionChecks) throws IOException {
    String id = null;
    boolean numericId = false;
    String image = null;
    Set<Domain> domains = null;
    List<Turn> turns = null;
    ObjectNode extra = null;
    String[] error = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "id":
          if (v == JsonToken.VALUE_STRING) {
            id = p.getText();
          } else if (v == JsonToken.VALUE_NUMBER_INT) {
            id = p.getText();
            numericId = true;
          } else {
            error = wrongType(p, error, "id", "a string or an integer", v);
          }
          break;
        case "image":
          if (v == JsonToken.VALUE_STRING) {
            image = p.getText();
          } else {
            error = wrongType(p, error, "image", "a string (the image file name)", v);
          }
          break;
        case "domain":
          if (v == JsonToken.START_OBJECT) {
            domains = EnumSet.noneOf(Domain.class);
            error = readDomains(p, domains, error);
          } else if (v != JsonToken.VALUE_NULL) {
            error = wrongType(p, error, "domain", "an object of the five domain flags", v);
          }
          break;
        case "conversatons":
        case "conversations":
          if (name.equals("conversatons")) {
            ctx.warn("conversatons", "is a misspelling of 'conversations'; read it as such");
          }
          if (turns != null) {
            error = first(error, name, "appears twice ('conversations' and 'conversatons'); keep one");
          }
          if (v != JsonToken.START_ARRAY) {
            error = wrongType(p, error, "conversations", "a list of {from, value} turns", v);
            turns = List.of();
          } else {
            turns = new ArrayList<>(8);
            error = readTurns(p, ctx, turns, error);
          }
          break;
        default:
          if (extra == null) {
            extra = Json.mapper().createObjectNode();
          }
          extra.set(name, Json.mapper().readTree(p));
      }
    }
    if (id != null) {
      ctx.recordId = id;
    }
    if (error != null) {
      throw ctx.error(error[0], error[1]);
    }
    if (id == null) {
      throw ctx.error("id", "is required but missing; give each record a unique id");
    }
    if (image == null) {
      throw ctx.error("image", "is required but missing; name the image file relative to the image folder");
    }
    if (turns == null) {
      throw ctx.error("conversations", "is required but missing; add the list of {from, value} turns");
    }
    List<String> problems = Conversation.problems(turns);
    if (!problems.isEmpty()) {
      throw ctx.error("conversations", problems.get(0));
    }
    Conversation conversation = new Conversation(turns);
    if (instructionChecks) {
      checkImageToken(conversation, ctx);
    }
    return new LlavaRecord(id, numericId, image, domains, conversation, extra == null ? NO_EXTRA : extra);
  }

  private static String[] readDomains(JsonParser p, Set<Domain> domains, String[] error)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      Domain d = Domain.fromWireName(name).orElse(null);
      if (d == null) {
        error = first(error, "domain." + name,
            "is not a domain; expected chest_xray, mri, ct_scan, histology or gross");
        p.skipChildren();
      } else if (v == JsonToken.VALUE_TRUE) {
        domains.add(d);
      } else if (v != JsonToken.VALUE_FALSE) {
        error = wrongType(p, error, "domain." + name, "true or false", v);
      }
    }
    return error;
  }

  private static void checkImageToken(Conversation c, ReadContext ctx) {
    int count = c.imageTokenCount();
    if (count == 0) {
      ctx.warn("conversations", "has no <image> token; LLaVA training puts image features only where "
          + "it is: add \"<image>\\n\" to the first human turn (Conversation.withImageToken)");
    } else if (count > 1) {
      ctx.warn("conversations", "has " + count + " <image> tokens; LLaVA expects exactly one, in the "
          + "first human turn");
    } else if (!c.turns().get(0).text().contains(Conversation.IMAGE_TOKEN)) {
      ctx.warn("conversations", "has its <image> token outside the first human turn; LLaVA expects it "
          + "there");
    }
  }

  private static String[] readTurns(JsonParser p, ReadContext ctx, List<Turn> turns, String[] error)
      throws IOException {
    JsonToken t;
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String at = "conversations[" + i + "]";
      if (t != JsonToken.START_OBJECT) {
        error = wrongType(p, error, at, "an object {from, value}", t);
        i++;
        continue;
      }
      Role role = null;
      String from = null;
      String value = null;
      boolean valueSeen = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("from") && v == JsonToken.VALUE_STRING) {
          from = p.getText();
          role = from.equals("human") ? Role.HUMAN : from.equals("gpt") ? Role.GPT
              : Role.fromWireName(from).orElse(null);
        } else if (name.equals("value")) {
          valueSeen = true;
          if (v == JsonToken.VALUE_STRING) {
            value = p.getText();
          } else {
            error = wrongType(p, error, at + ".value", "a string", v);
          }
        } else {
          if (!name.equals("from")) {
            ctx.warn(at + "." + name, "is not a turn field (from, value); it is dropped");
          } else {
            from = String.valueOf(kind(v));
          }
          p.skipChildren();
        }
      }
      if (role == null) {
        error = first(error, at + ".from", "must be 'human' or 'gpt' but is "
            + (from == null ? "missing" : "'" + from + "'"));
      } else if (value == null && !valueSeen) {
        error = first(error, at + ".value", "is required but missing");
      } else if (value != null) {
        turns.add(new Turn(role, value));
      }
      i++;
    }
    return error;
  }

  /** Keeps the first error ({@code field} "must be EXPECTED but is KIND") and skips the value. */
  private static String[] wrongType(JsonParser p, String[] error, String field, String expected,
      JsonToken v) throws IOException {
    p.skipChildren();
    return first(error, field, "must be " + expected + " but is " + kind(v));
  }

  private static String[] first(String[] error, String field, String detail) {
    return error != null ? error : new String[] {field, detail};
  }

  private static String kind(JsonToken t) {
    return t == null ? "missing" : JsonTokens.describe(t);
  }

}
