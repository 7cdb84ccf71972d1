package org.biomedvital.selection.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;

/**
 * The {@code ratings.jsonl} codec: one rated candidate a line, keyed by the sample id, with the
 * candidate embedded so that pairs can be built from the ratings file alone.
 *
 * <pre>
 * {"id": "18063892_F3#0", "score": 7.0, "scale": 10.0, "rubric_id": "biomed-vital-clinician@1",
 *  "rater": "gpt-4o", "rationale": "...", "scope": "conversation", "sample": {...candidate...}}
 * </pre>
 *
 * Lines without {@code sample} (the pipeline's judge stage writes none) are joined to a candidates
 * file by id with {@link #read(Path, Path)}. Failures go to a separate journal (see {@link #failureJson}) so that a resumed run retries them.
 */
public final class Ratings {
  private Ratings() {}

  /** One rated sample as a JSON line. */
  public static String toJson(RatedSample r) {
    ObjectNode n = Json.mapper().createObjectNode();
    Rating rating = r.rating();
    n.put("id", rating.sampleId());
    n.put("score", rating.score());
    n.put("scale", rating.scale());
    n.put("rubric_id", rating.rubricId());
    n.put("rater", rating.rater());
    n.put("rationale", rating.rationale());
    n.put("scope", r.scope());
    n.set("sample", Samples.toNode(r.sample()));
    return n.toString();
  }

  /**
   * A failure record: the sample, the attempt, the error and the raw reply (for unparseable
   * replies), as one JSON line keyed {@code <sample id>#<attempt>}.
   */
  public static String failureJson(String sampleId, int attempt, String rater, String error,
      String rawReply, String time) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", sampleId + "#" + attempt);
    n.put("sample_id", sampleId);
    n.put("attempt", attempt);
    n.put("rater", rater);
    n.put("error", error);
    n.put("raw_reply", rawReply);
    n.put("time", time);
    return n.toString();
  }

  /**
   * Parses one ratings line.
   *
   * @throws InvalidDataException naming source, line and field
   */
  public static RatedSample fromJson(String json, String source, long line) {
    return fromJson(json, source, line, id -> null);
  }

  /**
   * Parses one ratings line; a line without an embedded {@code sample} (as the pipeline's judge
   * stage writes) takes the candidate from {@code candidates} by id.
   *
   * @throws InvalidDataException naming source, line and field
   */
  public static RatedSample fromJson(String json, String source, long line,
      Function<String, InstructionSample> candidates) {
    JsonNode n = JsonLines.object(json, source, line);
    JsonNode sample = n.get("sample");
    InstructionSample known = sample == null || !sample.isObject()
        ? candidates.apply(n.path("id").asText()) : null;
    if ((sample == null || !sample.isObject()) && known == null) {
      throw new InvalidDataException(source, line, "sample",
          "is required: ratings lines embed the rated candidate (write them with biomed-vital "
              + "judge), or give the candidates file holding sample '" + n.path("id").asText()
              + "'");
    }
    if (!n.path("score").isNumber()) {
      throw new InvalidDataException(source, line, "score", "must be a number but is "
          + n.path("score").getNodeType());
    }
    try {
      Rating rating = new Rating(n.path("id").asText(), n.get("score").asDouble(),
          n.path("scale").asDouble(10), n.path("rubric_id").asText(""), n.path("rater").asText(""),
          n.path("rationale").asText(""));
      return new RatedSample(rating, known != null ? known : Samples.fromNode(sample, source, line),
          n.path("scope").asText("conversation"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidDataException(source, line, null, e.getMessage(), e);
    }
  }

  /**
   * Streams the rated samples of a ratings file (bounded memory); blank lines are skipped.
   *
   * @throws InvalidDataException at the first bad line, naming file and line
   */
  public static void forEach(Path file, Consumer<RatedSample> consumer) {
    forEach(file, id -> null, consumer);
  }

  /**
   * Streams the rated samples of a ratings file, taking candidates that a line does not embed from
   * {@code candidates} by id.
   */
  public static void forEach(Path file, Function<String, InstructionSample> candidates,
      Consumer<RatedSample> consumer) {
    String source = file.toString();
    JsonLines.forEach(file, (text, line) -> consumer.accept(fromJson(text, source, line, candidates)));
  }

  /** Reads every rated sample of a file. */
  public static List<RatedSample> read(Path file) {
    List<RatedSample> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }

  /**
   * Reads every rated sample of a ratings file, joining lines without an embedded candidate (the
   * pipeline's ratings) to {@code candidatesFile} by sample id. The candidates are held in memory.
   */
  public static List<RatedSample> read(Path file, Path candidatesFile) {
    Map<String, InstructionSample> byId = new HashMap<>();
    org.biomedvital.format.Samples.forEach(candidatesFile, s -> byId.putIfAbsent(s.id(), s));
    List<RatedSample> out = new ArrayList<>();
    forEach(file, byId::get, out::add);
    return out;
  }
}
