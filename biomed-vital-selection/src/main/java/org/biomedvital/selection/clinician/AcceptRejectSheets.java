package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AnnotationFormat#ACCEPT_REJECT} codec of {@link ClinicianAnnotations}: the CSV sheet
 * and the JSON the annotation page saves, read into pairs and written back. Package-private.
 */
final class AcceptRejectSheets {
  private static final Logger LOG = LoggerFactory.getLogger(ClinicianAnnotations.class);

  private AcceptRejectSheets() {}

  /**
   * Adds one item of the annotation page's JSON (the fields the task page and a saved sheet share,
   * in the page's order) to {@code items}; returns it for the caller's own fields.
   */
  static ObjectNode pageItem(ArrayNode items, String itemId, String image, String caption,
      List<String> mentions, String question, String answer1, String answer2) {
    ObjectNode o = items.addObject();
    o.put("item_id", itemId);
    o.put("image", image);
    o.put("caption", caption);
    ArrayNode m = o.putArray("mentions");
    mentions.forEach(m::add);
    o.put("question", question);
    o.put("answer_1", answer1);
    o.put("answer_2", answer2);
    return o;
  }

  /** One filled-in accept/reject item. */
  record SheetItem(String itemId, String taskId, String annotatorId, String role, String image,
      String caption, List<String> mentions, String question, String answer1, String answer2,
      Boolean accept1, Boolean accept2, String confidence, String rationale, String time,
      String source1, String source2) {}

  static List<PreferencePair> read(Path file) {
    String text = ClinicianAnnotations.readText(file);
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
            "column is missing; an accept/reject sheet needs the columns " + ClinicianAnnotations.SHEET_COLUMNS);
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
    JsonNode root = ClinicianAnnotations.parse(text, source, 0);
    if (!ClinicianAnnotations.PAGE_FORMAT.equals(root.path("format").asText())) {
      throw new InvalidDataException(source, 0, "format",
          "must be '" + ClinicianAnnotations.PAGE_FORMAT + "' (the JSON saved by the annotation page) but is "
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
          it.get("image").asText(), it.path("caption").asText(""), ClinicianAnnotations.mentions(it.get("mentions")),
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

  static int write(List<PreferencePair> pairs, Path file) {
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
      StringBuilder sb = new StringBuilder(Csv.line(ClinicianAnnotations.SHEET_COLUMNS));
      for (SheetItem it : items) {
        sb.append(Csv.line(List.of(it.itemId(), it.annotatorId(), it.role(), it.image(),
            it.caption(), String.join(ClinicianAnnotations.MENTION_SEPARATOR, it.mentions()), it.question(),
            it.answer1(), it.answer2(), it.accept1() ? "accept" : "reject",
            it.accept2() ? "accept" : "reject", it.confidence(), it.rationale(), it.time())));
      }
      AtomicFiles.writeString(file, sb.toString());
    } else {
      // JSON in the page's format; one file per annotator is the page's shape, so the annotator
      // of the first item heads it and every item keeps its own in the CSV form only.
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("format", ClinicianAnnotations.PAGE_FORMAT);
      root.put("version", 1);
      root.put("task_id", items.isEmpty() ? "" : items.get(0).taskId());
      root.put("annotator_id", items.isEmpty() ? "" : items.get(0).annotatorId());
      root.put("role", items.isEmpty() ? "" : items.get(0).role());
      root.put("saved_at", items.isEmpty() ? "" : items.get(0).time());
      ArrayNode arr = root.putArray("items");
      for (SheetItem it : items) {
        ObjectNode o = pageItem(arr, it.itemId(), it.image(), it.caption(), it.mentions(), it.question(),
            it.answer1(), it.answer2());
        o.put("accept_1", it.accept1());
        o.put("accept_2", it.accept2());
        o.put("confidence", it.confidence());
        o.put("rationale", it.rationale());
      }
      AtomicFiles.writeString(file, root.toPrettyString() + "\n");
    }
    return items.size();
  }
}
