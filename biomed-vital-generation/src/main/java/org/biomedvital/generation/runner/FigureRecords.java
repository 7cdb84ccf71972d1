package org.biomedvital.generation.runner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.internal.Json;

/**
 * Reads figures from the files the LLaVA-Med / BioMed-VITAL world has them in:
 *
 * <ul>
 *   <li>PMC caption records ({@code llava_med_instruct_fig_captions.json}): a JSON object mapping
 *       each domain to a list of records, read round-robin across domains as the official generator
 *       does; or a plain JSON array of records; or JSONL;
 *   <li>QA50-style JSONL ({@code llava_med_eval_qa50_qa.jsonl}): one question a line, several per
 *       figure; each figure is kept once, at its first line;
 *   <li>the clinician-demonstration JSONL (its figure fields).
 * </ul>
 *
 * Per record: {@code pair_id} (else the stem of {@code image}/{@code imgs}), {@code pmid}, {@code
 * fig_label}, {@code fig_caption}, {@code in_text_mention} (null, a string, strings or {@code
 * {tokens}} objects), {@code domain} flags, and {@code image} (default {@code <pair_id>.jpg}).
 * Files are streamed; errors name the file, line and field.
 */
public final class FigureRecords {
  private FigureRecords() {}

  /**
   * Reads every distinct figure of a file, in file order (round-robin across domains for a domain
   * map).
   *
   * @throws InvalidDataException naming file, line and field of the first bad record
   */
  public static List<Figure> read(Path file) {
    String source = file.toString();
    Map<String, Figure> byId = new LinkedHashMap<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      BufferedReader br = (BufferedReader) reader;
      br.mark(1 << 20);
      int c;
      do {
        c = br.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
      br.reset();
      if (c == -1) {
        return List.of();
      }
      String firstLine = c == '{' ? firstLine(br) : null;
      if (c == '[') {
        readArray(source, br, byId);
      } else if (c == '{' && !isRecordLine(firstLine)) {
        readDomainMap(source, br, byId);
      } else {
        readJsonl(source, br, byId);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
    return List.copyOf(byId.values());
  }

  private static String firstLine(BufferedReader br) throws IOException {
    br.mark(1 << 20);
    StringBuilder sb = new StringBuilder();
    int ch;
    while ((ch = br.read()) != -1 && ch != '\n' && sb.length() < (1 << 20) - 2) {
      sb.append((char) ch);
    }
    br.reset();
    return sb.toString();
  }

  /** Whether a first line is one whole record (JSONL) rather than the start of a domain map. */
  private static boolean isRecordLine(String line) {
    try {
      JsonNode n = Json.mapper().readTree(line);
      if (n == null || !n.isObject()) {
        return false;
      }
      for (var e : n.properties()) {
        if (!e.getValue().isArray()) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static void readJsonl(String source, BufferedReader br, Map<String, Figure> out)
      throws IOException {
    String text;
    long line = 0;
    while ((text = br.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.mapper().readTree(text);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new InvalidDataException(source, line, null,
            "is not valid JSON (" + e.getOriginalMessage() + "); each line must hold one object");
      }
      add(out, fromJson(source, line, node));
    }
  }

  private static void readArray(String source, BufferedReader br, Map<String, Figure> out)
      throws IOException {
    try (JsonParser p = Json.factory().createParser(br)) {
      p.nextToken();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
        long line = p.currentTokenLocation().getLineNr();
        add(out, fromJson(source, line, Json.mapper().readTree(p)));
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidDataException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          null, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void readDomainMap(String source, BufferedReader br, Map<String, Figure> out)
      throws IOException {
    List<List<Figure>> groups = new ArrayList<>();
    try (JsonParser p = Json.factory().createParser(br)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new InvalidDataException(source, p.currentTokenLocation().getLineNr(), key,
              "must be a list of figure records (a domain map holds domain -> records)");
        }
        List<Figure> group = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
          long line = p.currentTokenLocation().getLineNr();
          group.add(fromJson(source, line, Json.mapper().readTree(p)));
        }
        groups.add(group);
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidDataException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          null, "is not valid JSON: " + e.getOriginalMessage());
    }
    // Round-robin across domains, as the official generator's zip_longest does.
    int longest = groups.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<Figure> g : groups) {
        if (i < g.size()) {
          add(out, g.get(i));
        }
      }
    }
  }

  private static void add(Map<String, Figure> out, Figure f) {
    out.putIfAbsent(f.pairId(), f);
  }

  /** Maps one record; see the class doc for the fields. */
  public static Figure fromJson(String source, long line, JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new InvalidDataException(source, line, null, "must be a JSON object");
    }
    String image = text(source, line, n, "image");
    if (image == null) {
      image = text(source, line, n, "imgs");
    }
    String pairId = text(source, line, n, "pair_id");
    if (pairId == null && image != null) {
      String name = image.substring(image.lastIndexOf('/') + 1);
      int dot = name.lastIndexOf('.');
      pairId = dot > 0 ? name.substring(0, dot) : name;
    }
    if (pairId == null || pairId.isBlank()) {
      throw new InvalidDataException(source, line, "pair_id",
          "is required (or an 'image' to derive it from) but missing");
    }
    String caption = text(source, line, n, "fig_caption");
    String label = text(source, line, n, "fig_label");
    String pmid = text(source, line, n, "pmid");
    return new Figure(pairId, pmid == null ? "" : pmid, label == null ? "" : label,
        caption == null ? "" : caption, mentions(source, line, n.get("in_text_mention")),
        domains(source, line, n.get("domain")), image == null ? pairId + ".jpg" : image);
  }

  private static String text(String source, long line, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual() || v.isNumber()) {
      return v.asText();
    }
    throw new InvalidDataException(source, line, field, "must be a string but is " + v.getNodeType());
  }

  private static List<String> mentions(String source, long line, JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      if (!v.textValue().isBlank()) {
        out.add(v.textValue());
      }
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

  private static Set<Domain> domains(String source, long line, JsonNode v) {
    Set<Domain> out = EnumSet.noneOf(Domain.class);
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new InvalidDataException(source, line, "domain",
          "must be an object of the five domain flags but is " + v.getNodeType());
    }
    for (var e : v.properties()) {
      Domain d = Domain.fromWireName(e.getKey()).orElseThrow(() -> new InvalidDataException(source,
          line, "domain." + e.getKey(), "is not a domain; expected chest_xray, mri, ct_scan,"
              + " histology or gross"));
      if (!e.getValue().isBoolean()) {
        throw new InvalidDataException(source, line, "domain." + e.getKey(),
            "must be true or false but is " + e.getValue());
      }
      if (e.getValue().booleanValue()) {
        out.add(d);
      }
    }
    return out;
  }
}
