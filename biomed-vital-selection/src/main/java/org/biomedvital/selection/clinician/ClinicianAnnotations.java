package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
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
        return readAcceptReject(file);
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
        return writeAcceptReject(pairs, file);
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

  // ---- accept / reject ----------------------------------------------------------------------

  /** One filled-in accept/reject item. */
  record SheetItem(String itemId, String taskId, String annotatorId, String role, String image,
      String caption, List<String> mentions, String question, String answer1, String answer2,
      Boolean accept1, Boolean accept2, String confidence, String rationale, String time,
      String source1, String source2) {}

  private static List<PreferencePair> readAcceptReject(Path file) {
    String text = readText(file);
    List<SheetItem> items = text.stripLeading().startsWith("{")
        ? pageItems(text, file.toString()) : sheetItems(text, file.toString());
    List<PreferencePair> out = new ArrayList<>();
    int both = 0;
    int neither = 0;
    int open = 0;
    for (SheetItem it : items) {
      if (it.accept1() == null || it.accept2() == null) {
        open++;
      } else if (it.accept1() && it.accept2()) {
        both++;
      } else if (!it.accept1() && !it.accept2()) {
        neither++;
      } else {
        out.add(toPair(it));
      }
    }
    LOG.info("{}: {} items -> {} pairs ({} both accepted, {} both rejected, {} unanswered)",
        file, items.size(), out.size(), both, neither, open);
    return out;
  }

  private static PreferencePair toPair(SheetItem it) {
    InstructionSample a1 = AnswerSamples.of(it.image(), it.caption(), it.mentions(), it.question(),
        it.answer1());
    InstructionSample a2 = AnswerSamples.of(it.image(), it.caption(), it.mentions(), it.question(),
        it.answer2());
    boolean firstWins = it.accept1();
    Map<String, String> attrs = new LinkedHashMap<>();
    put(attrs, "role", it.role());
    put(attrs, "time", it.time());
    put(attrs, "confidence", it.confidence());
    put(attrs, "rationale", it.rationale());
    put(attrs, "item_id", it.itemId());
    put(attrs, "task_id", it.taskId());
    put(attrs, "chosen_source", firstWins ? it.source1() : it.source2());
    put(attrs, "rejected_source", firstWins ? it.source2() : it.source1());
    attrs.put("imported_from", "accept-reject");
    String item = it.itemId().isBlank()
        ? Hashing.sha256Hex(a1.id() + "|" + a2.id()).substring(0, 12) : it.itemId();
    String annotator = it.annotatorId();
    return new PreferencePair("ar-" + (annotator.isBlank() ? "unknown" : annotator) + "-" + item,
        firstWins ? a1 : a2, firstWins ? a2 : a1, PreferenceSource.CLINICIAN, annotator, 1.0,
        attrs);
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }

  private static List<SheetItem> sheetItems(String text, String source) {
    List<Csv.Row> rows;
    try {
      rows = Csv.read(new StringReader(text));
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> col = new HashMap<>();
    List<String> header = rows.get(0).fields();
    for (int i = 0; i < header.size(); i++) {
      col.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    for (String required : List.of("image", "question", "answer_1", "answer_2", "accept_1",
        "accept_2")) {
      if (!col.containsKey(required)) {
        throw new InvalidDataException(source, 1, required,
            "column is missing; an accept/reject sheet needs the columns " + SHEET_COLUMNS);
      }
    }
    List<SheetItem> out = new ArrayList<>();
    for (Csv.Row row : rows.subList(1, rows.size())) {
      java.util.function.Function<String, String> get = name -> {
        Integer i = col.get(name);
        return i == null || i >= row.fields().size() ? "" : row.fields().get(i).strip();
      };
      for (String required : List.of("image", "question", "answer_1", "answer_2")) {
        if (get.apply(required).isEmpty()) {
          throw new InvalidDataException(source, row.line(), required, "must not be empty");
        }
      }
      String mentions = get.apply("mentions");
      out.add(new SheetItem(get.apply("item_id"), get.apply("task_id"), get.apply("annotator_id"),
          get.apply("role"), get.apply("image"), get.apply("caption"),
          mentions.isEmpty() ? List.of() : List.of(mentions.split(" \\| ")),
          get.apply("question"), get.apply("answer_1"), get.apply("answer_2"),
          verdict(get.apply("accept_1"), source, row.line(), "accept_1"),
          verdict(get.apply("accept_2"), source, row.line(), "accept_2"),
          get.apply("confidence"), get.apply("rationale"), get.apply("time"),
          get.apply("sample_1"), get.apply("sample_2")));
    }
    return out;
  }

  private static List<SheetItem> pageItems(String text, String source) {
    JsonNode root = parse(text, source, 0);
    if (!PAGE_FORMAT.equals(root.path("format").asText())) {
      throw new InvalidDataException(source, 0, "format",
          "must be '" + PAGE_FORMAT + "' (the JSON saved by the annotation page) but is "
              + root.get("format"));
    }
    String annotator = root.path("annotator_id").asText("");
    String role = root.path("role").asText("");
    String time = root.path("saved_at").asText("");
    String task = root.path("task_id").asText("");
    JsonNode items = root.path("items");
    if (!items.isArray()) {
      throw new InvalidDataException(source, 0, "items", "must be a list");
    }
    List<SheetItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode it = items.get(i);
      String where = "items[" + i + "]";
      for (String f : List.of("image", "question", "answer_1", "answer_2")) {
        if (!it.path(f).isTextual()) {
          throw new InvalidDataException(source, 0, where + "." + f, "must be a string");
        }
      }
      out.add(new SheetItem(it.path("item_id").asText(""), task, annotator, role,
          it.get("image").asText(), it.path("caption").asText(""), mentions(it.get("mentions")),
          it.get("question").asText(), it.get("answer_1").asText(), it.get("answer_2").asText(),
          bool(it.get("accept_1")), bool(it.get("accept_2")),
          it.path("confidence").isNull() ? "" : it.path("confidence").asText(""),
          it.path("rationale").asText(""), time, it.path("sample_1").asText(""),
          it.path("sample_2").asText("")));
    }
    return out;
  }

  private static Boolean bool(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asBoolean();
  }

  static Boolean verdict(String v, String source, long line, String field) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    switch (s) {
      case "":
        return null;
      case "1": case "y": case "yes": case "true": case "accept": case "accepted": case "\u2713":
      case "\u2714":
        return Boolean.TRUE;
      case "0": case "n": case "no": case "false": case "reject": case "rejected": case "\u2717":
      case "\u2718":
        return Boolean.FALSE;
      default:
        throw new InvalidDataException(source, line, field,
            "must be accept/yes/1/\u2713 or reject/no/0/\u2717 (or empty) but is '" + v + "'");
    }
  }

  private static int writeAcceptReject(List<PreferencePair> pairs, Path file) {
    List<SheetItem> items = new ArrayList<>();
    for (PreferencePair p : pairs) {
      QaPair pos = AnswerSamples.first(p.chosen());
      QaPair neg = AnswerSamples.first(p.rejected());
      if (!p.chosen().image().equals(p.rejected().image())
          || !pos.question().strip().equals(neg.question().strip())) {
        LOG.warn("pair {}: answers to different images or questions cannot go on an accept/reject "
            + "sheet; skipped", p.id());
        continue;
      }
      // Show the chosen answer first or second by a hash of the pair id, so order gives nothing away.
      boolean chosenFirst = Hashing.sha256Hex(p.id()).charAt(0) < '8';
      Map<String, String> a = p.attributes();
      items.add(new SheetItem(a.getOrDefault("item_id", p.id()), a.getOrDefault("task_id", ""),
          p.annotatorId(), a.getOrDefault("role", ""), p.chosen().image(), p.chosen().caption(),
          p.chosen().mentions(), pos.question(), chosenFirst ? pos.answer() : neg.answer(),
          chosenFirst ? neg.answer() : pos.answer(), chosenFirst, !chosenFirst,
          a.getOrDefault("confidence", ""), a.getOrDefault("rationale", ""),
          a.getOrDefault("time", ""), "", ""));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      StringBuilder sb = new StringBuilder(Csv.line(SHEET_COLUMNS));
      for (SheetItem it : items) {
        sb.append(Csv.line(List.of(it.itemId(), it.annotatorId(), it.role(), it.image(),
            it.caption(), String.join(MENTION_SEPARATOR, it.mentions()), it.question(),
            it.answer1(), it.answer2(), it.accept1() ? "accept" : "reject",
            it.accept2() ? "accept" : "reject", it.confidence(), it.rationale(), it.time())));
      }
      AtomicFiles.writeString(file, sb.toString());
    } else {
      // JSON in the page's format; one file per annotator is the page's shape, so the annotator
      // of the first item heads it and every item keeps its own in the CSV form only.
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("format", PAGE_FORMAT);
      root.put("version", 1);
      root.put("task_id", items.isEmpty() ? "" : items.get(0).taskId());
      root.put("annotator_id", items.isEmpty() ? "" : items.get(0).annotatorId());
      root.put("role", items.isEmpty() ? "" : items.get(0).role());
      root.put("saved_at", items.isEmpty() ? "" : items.get(0).time());
      ArrayNode arr = root.putArray("items");
      for (SheetItem it : items) {
        ObjectNode o = arr.addObject();
        o.put("item_id", it.itemId());
        o.put("image", it.image());
        o.put("caption", it.caption());
        ArrayNode m = o.putArray("mentions");
        it.mentions().forEach(m::add);
        o.put("question", it.question());
        o.put("answer_1", it.answer1());
        o.put("answer_2", it.answer2());
        o.put("accept_1", it.accept1());
        o.put("accept_2", it.accept2());
        o.put("confidence", it.confidence());
        o.put("rationale", it.rationale());
      }
      AtomicFiles.writeString(file, root.toPrettyString() + "\n");
    }
    return items.size();
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

  private static JsonNode parse(String text, String source, long line) {
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

  static String readText(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = r.read(buf)) > 0) {
        sb.append(buf, 0, n);
      }
      return sb.toString();
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "does not exist; check the path", e);
    } catch (MalformedInputException e) {
      throw new InvalidDataException(file.toString(), 0, null, "is not valid UTF-8", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e, e);
    }
  }
}
