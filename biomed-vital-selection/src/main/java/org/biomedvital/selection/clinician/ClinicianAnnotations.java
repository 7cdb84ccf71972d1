package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;
import org.biomedvital.io.AtomicFiles;
import org.biomedvital.journal.Journal;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports clinician preferences from each {@link AnnotationFormat} into {@link PreferencePair}s
 * (source {@link PreferenceSource#CLINICIAN}, weight 1) and exports pairs back to each format.
 *
 * <p>Answers become one-question samples with content-derived ids ({@link AnswerSamples}), so the
 * same item imported from two annotators' files matches for agreement statistics. Annotation
 * metadata goes into the pair's attributes: {@code role}, {@code time}, {@code confidence}, {@code
 * rationale}, {@code item_id}, {@code task_id}.
 *
 * <pre>{@code
 * List<PreferencePair> prefs = ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT,
 *     Path.of("dr-a-sheet.csv"));
 * ClinicianAnnotations.write(AnnotationFormat.VITAL, prefs, Path.of("prefs.jsonl"));
 * }</pre>
 */
public final class ClinicianAnnotations {
  private static final Logger LOG = LoggerFactory.getLogger(ClinicianAnnotations.class);

  /** The columns of an accept/reject sheet, in the order the exporter writes them. */
  public static final List<String> SHEET_COLUMNS = List.of("item_id", "annotator_id", "role",
      "image", "caption", "mentions", "question", "answer_1", "answer_2", "accept_1", "accept_2",
      "confidence", "rationale", "time");

  /** The value of the {@code format} field of the JSON the annotation page saves. */
  public static final String PAGE_FORMAT = "biomed-vital-accept-reject";

  /** Separates mentions inside one CSV cell. */
  static final String MENTION_SEPARATOR = " | ";

  private ClinicianAnnotations() {}

  /**
   * Reads clinician pairs from a file.
   *
   * @throws InvalidDataException naming file, line or record, and field
   */
  public static List<PreferencePair> read(AnnotationFormat format, Path file) {
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(file, "file == null");
    switch (format) {
      case PAIRWISE:
        return readPairwise(file);
      case ACCEPT_REJECT:
        return AcceptRejectSheets.read(file);
      case VITAL:
        List<PreferencePair> out = new ArrayList<>();
        PreferencePairs.forEach(file, (s, p) -> out.add(p));
        return out;
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * Writes pairs in a format; pairs the format cannot express (accept/reject needs a shared image
   * and question) are skipped with a warning.
   *
   * @return the number of pairs written
   */
  public static int write(AnnotationFormat format, List<PreferencePair> pairs, Path file) {
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(pairs, "pairs == null");
    switch (format) {
      case PAIRWISE:
        return writePairwise(pairs, file);
      case ACCEPT_REJECT:
        return AcceptRejectSheets.write(pairs, file);
      case VITAL:
        try (Journal j = Journal.open(file)) {
          return PreferencePairs.append(j, pairs, Split.TRAIN);
        }
      default:
        throw new AssertionError(format);
    }
  }

  // ---- official pairwise ------------------------------------------------------------------

  private static List<PreferencePair> readPairwise(Path file) {
    String source = file.toString();
    String text = readText(file);
    List<Map.Entry<Long, JsonNode>> records = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      JsonNode array = parse(trimmed, source, 0);
      for (int i = 0; i < array.size(); i++) {
        records.add(Map.entry((long) i + 1, array.get(i)));
      }
    } else {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          records.add(Map.entry((long) i + 1, parse(lines[i], source, i + 1)));
        }
      }
    }
    boolean array = trimmed.startsWith("[");
    List<PreferencePair> out = new ArrayList<>();
    for (Map.Entry<Long, JsonNode> r : records) {
      String where = array ? source + " record " + r.getKey() : source;
      long line = array ? 0 : r.getKey();
      out.add(pairwiseRecord(r.getValue(), where, line));
    }
    return out;
  }

  private static PreferencePair pairwiseRecord(JsonNode n, String source, long line) {
    if (!n.isObject()) {
      throw new InvalidDataException(source, line, null, "must be a JSON object");
    }
    InstructionSample pos;
    InstructionSample neg;
    if (n.has("question_positive") || n.has("img_positive")) {
      pos = AnswerSamples.of(req(n, "img_positive", source, line),
          n.path("fig_caption_positive").asText(""), mentions(n.get("inline_mention_positive")),
          req(n, "question_positive", source, line), req(n, "answer_positive", source, line));
      neg = AnswerSamples.of(req(n, "img_negative", source, line),
          n.path("fig_caption_negative").asText(""), mentions(n.get("inline_mention_negative")),
          req(n, "question_negative", source, line), req(n, "answer_negative", source, line));
    } else {
      String img = req(n, "img", source, line);
      String q = req(n, "question", source, line);
      String caption = n.path("fig_caption").asText("");
      List<String> mentions = mentions(n.get("inline_mention"));
      pos = AnswerSamples.of(img, caption, mentions, q, req(n, "answer_positive", source, line));
      neg = AnswerSamples.of(img, caption, mentions, q, req(n, "answer_negative", source, line));
    }
    if (pos.id().equals(neg.id())) {
      throw new InvalidDataException(source, line, "answer_negative",
          "is the same answer as answer_positive; a preference needs two different answers");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("imported_from", "pairwise");
    return new PreferencePair("pw-" + Hashing.sha256Hex(pos.id() + ">" + neg.id()).substring(0, 16),
        pos, neg, PreferenceSource.CLINICIAN, n.path("annotator_id").asText(""), 1.0, attrs);
  }

  private static int writePairwise(List<PreferencePair> pairs, Path file) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (PreferencePair p : pairs) {
      QaPair pos = AnswerSamples.first(p.chosen());
      QaPair neg = AnswerSamples.first(p.rejected());
      ObjectNode r = out.addObject();
      if (p.chosen().image().equals(p.rejected().image())
          && pos.question().strip().equals(neg.question().strip())) {
        r.put("img", p.chosen().image());
        r.put("question", pos.question());
        r.put("answer_positive", pos.answer());
        r.put("answer_negative", neg.answer());
        r.put("fig_caption", p.chosen().caption());
        r.put("inline_mention", String.join(" ", p.chosen().mentions()));
      } else {
        side(r, "positive", p.chosen(), pos);
        side(r, "negative", p.rejected(), neg);
      }
    }
    AtomicFiles.writeString(file, out.toPrettyString() + "\n");
    return pairs.size();
  }

  private static void side(ObjectNode r, String suffix, InstructionSample s, QaPair qa) {
    r.put("img_" + suffix, s.image());
    r.put("fig_caption_" + suffix, s.caption());
    r.put("inline_mention_" + suffix, String.join(" ", s.mentions()));
    r.put("question_" + suffix, qa.question());
    r.put("answer_" + suffix, qa.answer());
  }

  // ---- helpers ------------------------------------------------------------------------------

  static List<String> mentions(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull() || n.isMissingNode()) {
      return out;
    }
    if (n.isTextual()) {
      if (!n.textValue().isBlank()) {
        out.add(n.textValue());
      }
      return out;
    }
    if (n.isArray()) {
      for (JsonNode m : n) {
        if (m.isTextual()) {
          out.add(m.textValue());
        } else if (m.path("tokens").isTextual()) {
          out.add(m.get("tokens").textValue());
        }
      }
    }
    return out;
  }

  private static String req(JsonNode n, String field, String source, long line) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidDataException(source, line, field, "is required but missing");
    }
    if (!v.isTextual()) {
      throw new InvalidDataException(source, line, field,
          "must be a string but is " + v.getNodeType());
    }
    return v.textValue();
  }

  static JsonNode parse(String text, String source, long line) {
    try {
      JsonNode n = Json.mapper().readTree(text);
      if (n == null) {
        throw new InvalidDataException(source, line, null, "is empty");
      }
      return n;
    } catch (JacksonException e) {
      throw new InvalidDataException(source, line, null,
          "is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  /**
   * A whole annotation file as text, lines joined by {@code '\n'}. Read with core's bounded {@link
   * LineReader}: a line over the record limit or not valid UTF-8 is named by its number.
   */
  static String readText(Path file) {
    String source = file.toString();
    try (LineReader r = new LineReader(Files.newInputStream(file), source)) {
      StringBuilder sb = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        if (r.lineNumber() > 1) {
          sb.append('\n');
        }
        sb.append(line);
      }
      return sb.toString();
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e, e);
    }
  }
}
