package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;

/**
 * The candidate-sample JSON line: LLaVA instruction fields plus the figure's text and provenance.
 *
 * <pre>
 * {"id": "18063892_F3#0", "figure_id": "18063892_F3", "image": "18063892_F3.jpg",
 *  "domain": {"chest_xray": false, "mri": false, "ct_scan": false, "histology": true, "gross": true},
 *  "conversations": [{"from": "human", "value": "..."}, {"from": "gpt", "value": "..."}],
 *  "fig_caption": "...", "in_text_mention": ["..."],
 *  "provenance": {"generator": "...", "model": "...", "prompt_template": "...",
 *                 "demonstration_ids": ["1", "7"], "candidate_index": 0, "seed": 42}}
 * </pre>
 *
 * A plain LLaVA record ({@code id, image, domain, conversations}) reads as a sample with no caption
 * and unknown provenance.
 */
public final class Samples {
  private Samples() {}

  /** The sample as one JSON object (no line break inside). */
  public static String toJson(InstructionSample s) {
    return toNode(s).toString();
  }

  /** The sample as a JSON tree. */
  public static ObjectNode toNode(InstructionSample s) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", s.id());
    n.put("figure_id", s.figureId());
    n.put("image", s.image());
    n.set("domain", domainNode(s.domains()));
    n.set("conversations", turnsNode(s.conversation().turns()));
    n.put("fig_caption", s.caption());
    ArrayNode mentions = n.putArray("in_text_mention");
    s.mentions().forEach(mentions::add);
    Provenance p = s.provenance();
    if (!p.equals(Provenance.UNKNOWN)) {
      ObjectNode pn = n.putObject("provenance");
      pn.put("generator", p.generator());
      pn.put("model", p.model());
      pn.put("prompt_template", p.promptTemplate());
      ArrayNode ids = pn.putArray("demonstration_ids");
      p.demonstrationIds().forEach(ids::add);
      pn.put("candidate_index", p.candidateIndex());
      pn.put("seed", p.seed());
    }
    return n;
  }

  /** The five domain flags as a JSON object in wire order. */
  public static ObjectNode domainNode(java.util.Set<Domain> domains) {
    ObjectNode d = Json.mapper().createObjectNode();
    for (Domain domain : Domain.WIRE_ORDER) {
      d.put(domain.wireName(), domains.contains(domain));
    }
    return d;
  }

  /** Turns as a LLaVA {@code conversations} array. */
  public static ArrayNode turnsNode(List<Turn> turns) {
    ArrayNode a = Json.mapper().createArrayNode();
    for (Turn t : turns) {
      ObjectNode tn = a.addObject();
      tn.put("from", t.role().wireName());
      tn.put("value", t.text());
    }
    return a;
  }

  /**
   * Parses one sample line.
   *
   * @param source the file name for error messages
   * @param line the 1-based line number for error messages
   * @throws InvalidDataException naming source, line and field
   */
  public static InstructionSample fromJson(String json, String source, long line) {
    return fromNode(Json.readTree(json, source, line, "; each line must hold one object"),
        source, line);
  }

  /** Maps a parsed sample record; see {@link #fromJson}. */
  public static InstructionSample fromNode(JsonNode node, String source, long line) {
    JsonFields f = new JsonFields(source, line, node);
    InstructionSample.Builder b = InstructionSample.builder()
        .id(f.requiredText("id"))
        .image(f.requiredText("image"))
        .domains(f.domains("domain"))
        .conversation(f.conversation("conversations"))
        .caption(f.optionalText("fig_caption", ""))
        .mentions(f.mentions("in_text_mention"));
    if (f.has("figure_id")) {
      b.figureId(f.requiredText("figure_id"));
    } else if (f.has("pair_id")) {
      b.figureId(f.requiredText("pair_id"));
    }
    JsonNode pn = node.get("provenance");
    if (pn != null && !pn.isNull()) {
      JsonFields p = new JsonFields(source, line, pn);
      List<String> ids = new ArrayList<>();
      JsonNode idsNode = pn.path("demonstration_ids");
      if (idsNode.isArray()) {
        idsNode.forEach(i -> ids.add(i.asText()));
      }
      b.provenance(new Provenance(p.optionalText("generator", ""), p.optionalText("model", ""),
          p.optionalText("prompt_template", ""), ids, pn.path("candidate_index").asInt(0),
          pn.path("seed").asLong(0)));
    }
    return b.build();
  }

  /**
   * Streams the samples of a JSONL file to {@code consumer}, one at a time (bounded memory); blank
   * lines are skipped.
   *
   * @throws InvalidDataException at the first bad record, naming file and line
   */
  public static void forEach(Path file, Consumer<InstructionSample> consumer) {
    forEachLine(file, (sample, line) -> consumer.accept(sample));
  }

  /**
   * Streams the samples of a JSONL file to {@code consumer} with the 1-based line of each, one at a
   * time (bounded memory); blank lines are skipped.
   *
   * @throws InvalidDataException at the first bad record, naming file and line
   */
  public static void forEachLine(Path file, ObjLongConsumer<InstructionSample> consumer) {
    String source = file.toString();
    // Lines are split on bytes and decoded one at a time (invalid UTF-8 is reported at its own
    // line), and a line longer than the record limit is refused before it is buffered whole.
    long line = 0;
    try (LineReader in = new LineReader(Files.newInputStream(file), source)) {
      String text;
      while ((text = in.readLine()) != null) {
        line = in.lineNumber();
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (!text.isBlank()) {
          consumer.accept(fromJson(text, source, line), line);
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, line, null, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads every sample of a JSONL file into a list. */
  public static List<InstructionSample> readJsonl(Path file) {
    List<InstructionSample> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }
}
