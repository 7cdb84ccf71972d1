package org.biomedvital.pipeline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Figure;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.PreferenceDataset;

/**
 * The small file codecs the pipeline's stages share: figures (PMC caption records), clinician pairs
 * (the official pairwise format), ratings, preference pairs and scores. Package-private; the formats
 * are documented in {@code docs/pipeline.md}.
 */
final class PipelineFiles {
  private PipelineFiles() {}

  /**
   * Reads figures from PMC caption records with core's {@link org.biomedvital.format.PmcFigures}
   * reader (a JSON array, a domain-keyed object of arrays, or JSONL; QA50-style rows too), one figure
   * per pair_id (the first record wins).
   */
  static List<Figure> readFigures(Path file) {
    Map<String, Figure> out = new LinkedHashMap<>();
    for (org.biomedvital.format.PmcFigureRecord r : org.biomedvital.format.PmcFigures.read(file)) {
      Figure f = r.toFigure();
      out.putIfAbsent(f.pairId(), f);
    }
    return new ArrayList<>(out.values());
  }

  private static String text(JsonNode n, String field, String source, long line, String dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new InvalidDataException(source, line, field, "must be a string but is " + v.getNodeType());
    }
    return v.asText();
  }

  private static List<String> mentions(JsonNode v, String source, long line) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      out.add(v.textValue());
      return out;
    }
    if (!v.isArray()) {
      throw new InvalidDataException(source, line, "in_text_mention",
          "must be null, a string or a list but is " + v.getNodeType());
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      if (m.isTextual()) {
        out.add(m.textValue());
      } else if (m.isObject() && m.path("tokens").isTextual()) {
        out.add(m.get("tokens").textValue());
      } else {
        throw new InvalidDataException(source, line, "in_text_mention[" + i + "]",
            "must be a string or an object with a string 'tokens'");
      }
    }
    return out;
  }

  /**
   * Reads clinician pairs in the official pairwise format (a JSON array or JSONL of {@code {img,
   * question, answer_positive, answer_negative}}, optionally with {@code fig_caption} and {@code
   * inline_mention}), each weighted {@code weight}.
   */
  static List<PreferencePair> readClinicianPairs(Path file, double weight) {
    List<PreferencePair> out = new ArrayList<>();
    String source = file.toString();
    forEachRecord(file, (line, n) -> {
      int i = out.size();
      String img = text(n, "img", source, line, null);
      String q = text(n, "question", source, line, null);
      String pos = text(n, "answer_positive", source, line, null);
      String neg = text(n, "answer_negative", source, line, null);
      for (String[] f : new String[][] {{"img", img}, {"question", q}, {"answer_positive", pos},
          {"answer_negative", neg}}) {
        if (f[1] == null || f[1].isBlank()) {
          throw new InvalidDataException(source, line, f[0],
              "is required in a clinician pair ({img, question, answer_positive, answer_negative})");
        }
      }
      String caption = text(n, "fig_caption", source, line, "");
      List<String> mentions = mentions(n.get("inline_mention"), source, line);
      InstructionSample chosen = clinicianSample("clinician-" + i + "+", img, q, pos, caption, mentions);
      InstructionSample rejected = clinicianSample("clinician-" + i + "-", img, q, neg, caption, mentions);
      out.add(new PreferencePair("clinician-" + i, chosen, rejected, PreferenceSource.CLINICIAN,
          text(n, "annotator", source, line, ""), weight, Map.of()));
    });
    return out;
  }

  private static InstructionSample clinicianSample(String id, String img, String q, String a,
      String caption, List<String> mentions) {
    return InstructionSample.builder().id(id).image(img).conversation(Conversation.of(q, a))
        .caption(caption).mentions(mentions).build();
  }

  /** A rating as one JSON line keyed by the sample id. */
  static String ratingJson(Rating r) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", r.sampleId());
    n.put("score", r.score());
    n.put("scale", r.scale());
    n.put("rubric_id", r.rubricId());
    n.put("rater", r.rater());
    n.put("rationale", r.rationale());
    return n.toString();
  }

  static List<Rating> readRatings(Path file) {
    List<Rating> out = new ArrayList<>();
    forEachRecord(file, (line, n) -> {
      try {
        out.add(new Rating(n.path("id").asText(), n.path("score").asDouble(Double.NaN),
            n.path("scale").asDouble(10), n.path("rubric_id").asText(""), n.path("rater").asText(""),
            n.path("rationale").asText("")));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidDataException(file.toString(), line, null, "is not a rating: " + e.getMessage(), e);
      }
    });
    return out;
  }

  /** A preference pair as one JSON line. */
  static String pairJson(PreferencePair p, String split) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", p.id());
    n.put("split", split);
    n.put("source", p.source().name().toLowerCase(java.util.Locale.ROOT));
    n.put("annotator_id", p.annotatorId());
    n.put("weight", p.weight());
    ObjectNode attrs = n.putObject("attributes");
    p.attributes().forEach(attrs::put);
    n.set("chosen", Samples.toNode(p.chosen()));
    n.set("rejected", Samples.toNode(p.rejected()));
    return n.toString();
  }

  static PreferenceDataset readPairs(Path file) {
    List<PreferencePair> train = new ArrayList<>();
    List<PreferencePair> validation = new ArrayList<>();
    String source = file.toString();
    forEachRecord(file, (line, n) -> {
      PreferenceSource src;
      try {
        src = PreferenceSource.valueOf(n.path("source").asText("").toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidDataException(source, line, "source", "must be 'clinician' or 'model'", e);
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      n.path("attributes").properties().forEach(e -> attrs.put(e.getKey(), e.getValue().asText()));
      PreferencePair p = new PreferencePair(n.path("id").asText(),
          Samples.fromNode(n.get("chosen"), source, line), Samples.fromNode(n.get("rejected"), source, line),
          src, n.path("annotator_id").asText(""), n.path("weight").asDouble(1.0), attrs);
      ("validation".equals(n.path("split").asText()) ? validation : train).add(p);
    });
    return new PreferenceDataset(train, validation);
  }

  /** Streams the JSON objects of a JSON array, a domain-keyed object of arrays, or JSONL. */
  static void forEachRecord(Path file, BiConsumer<Long, JsonNode> consumer) {
    String source = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.mark(1 << 16);
      int c;
      do {
        c = r.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
      r.reset();
      if (c == '[' || (c == '{' && !looksLikeJsonl(file))) {
        JsonNode root;
        try {
          root = Json.mapper().readTree(r);
        } catch (JacksonException e) {
          throw new InvalidDataException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
              null, "is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        List<JsonNode> records = new ArrayList<>();
        if (root.isArray()) {
          root.forEach(records::add);
        } else {
          for (var e : root.properties()) {
            if (!e.getValue().isArray()) {
              throw new InvalidDataException(source, 0, e.getKey(),
                  "must be a list of records (a domain-keyed file maps each domain to a list)");
            }
            e.getValue().forEach(records::add);
          }
        }
        long i = 0;
        for (JsonNode n : records) {
          consumer.accept(++i, n);
        }
        return;
      }
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
        } catch (JacksonException e) {
          throw new InvalidDataException(source, line, null,
              "is not valid JSON (" + e.getOriginalMessage() + "); each line must hold one object", e);
        }
        consumer.accept(line, n);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** A file starting with '{' is JSONL when its first line is a complete JSON object. */
  private static boolean looksLikeJsonl(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first;
      do {
        first = r.readLine();
      } while (first != null && first.isBlank());
      if (first == null) {
        return false;
      }
      try {
        JsonNode n = Json.mapper().readTree(first);
        return n != null && n.isObject() && n.has("pair_id") || n != null && n.isObject() && n.has("id");
      } catch (JacksonException e) {
        return false;
      }
    }
  }
}
