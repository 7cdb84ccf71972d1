package org.biomedvital.selection.judge;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.internal.ResourceText;

/**
 * The judging policy as data: the clinician-derived criteria a judge applies, with an id and version
 * that go into every rating it produces.
 *
 * <p>The default, {@link #clinicianDefault()}, paraphrases the BioMed-VITAL clinicians' criteria
 * (relevance to image and caption, value as tuning data, responsiveness, medical accuracy, utility,
 * use of the image; then clarity, depth and precision) and is bundled as a resource. A replacement
 * is a JSON file of the same shape:
 *
 * <pre>{@code
 * {"id": "my-rubric", "version": "2", "scale": 10, "system": "...", "role": "...",
 *  "criteria": ["..."], "extra_factors": ["..."], "output": "..."}
 * }</pre>
 *
 * @param id the rubric's name, lower-kebab-case
 * @param version the rubric's version
 * @param scale the top of the score scale (scores are 0..scale)
 * @param system the system message sent to a model judge
 * @param role the instruction that opens the rubric block
 * @param criteria the main criteria, in order
 * @param extraFactors secondary factors, in order
 * @param output how the judge must format its reply
 */
public record Rubric(
    String id,
    String version,
    int scale,
    String system,
    String role,
    List<String> criteria,
    List<String> extraFactors,
    String output) {

  /** The resource holding the default rubric. */
  public static final String DEFAULT_RESOURCE = "biomed-vital-clinician-rubric-v1.json";

  /** Validates and copies. */
  public Rubric {
    Checks.notBlank(id, "id");
    Checks.notBlank(version, "version");
    Checks.positive(scale, "scale");
    Objects.requireNonNull(system, "system == null");
    Checks.notBlank(role, "role");
    criteria = List.copyOf(criteria);
    extraFactors = List.copyOf(extraFactors);
    Checks.notBlank(output, "output");
    Checks.checkArgument(!criteria.isEmpty(), "a rubric needs at least one criterion");
  }

  /** The default rubric derived from the BioMed-VITAL clinicians' criteria (bundled resource). */
  public static Rubric clinicianDefault() {
    return fromJson(ResourceText.read(Rubric.class, DEFAULT_RESOURCE), DEFAULT_RESOURCE);
  }

  /**
   * Reads a rubric file.
   *
   * @throws InvalidDataException naming the file and the bad field
   */
  public static Rubric load(Path file) {
    Objects.requireNonNull(file, "file == null");
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "rubric file does not exist", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot read rubric: " + e, e);
    }
  }

  /**
   * Parses a rubric from JSON text.
   *
   * @param source where the text came from, for error messages
   * @throws InvalidDataException naming the source and the bad field
   */
  public static Rubric fromJson(String json, String source) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new InvalidDataException(source, 0, null,
          "is not valid JSON (" + e.getOriginalMessage() + "); a rubric is one JSON object", e);
    }
    if (n == null || !n.isObject()) {
      throw new InvalidDataException(source, 0, null, "a rubric must be one JSON object");
    }
    try {
      return new Rubric(text(n, "id", source), text(n, "version", source),
          n.path("scale").isMissingNode() ? 10 : n.path("scale").asInt(-1),
          n.path("system").asText(""), text(n, "role", source), list(n, "criteria", source),
          list(n, "extra_factors", source), text(n, "output", source));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidDataException(source, 0, null, "is not a valid rubric: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, String source) {
    JsonNode v = n.get(field);
    if (v == null || !(v.isTextual() || v.isNumber())) {
      throw new InvalidDataException(source, 0, field, "is required and must be a string");
    }
    return v.asText();
  }

  private static List<String> list(JsonNode n, String field, String source) {
    JsonNode v = n.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new InvalidDataException(source, 0, field, "must be a list of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new InvalidDataException(source, 0, field, "must be a list of strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** The id recorded in ratings: {@code id@version}, e.g. {@code biomed-vital-clinician@1}. */
  public String fullId() {
    return id + "@" + version;
  }

  /** The rubric block of a judge prompt: the role, the numbered criteria, the factors, the output rule. */
  public String render() {
    StringBuilder sb = new StringBuilder(role).append("\n\nCriteria:\n");
    for (int i = 0; i < criteria.size(); i++) {
      sb.append(i + 1).append(". ").append(criteria.get(i)).append('\n');
    }
    if (!extraFactors.isEmpty()) {
      sb.append("\nAlso consider:\n");
      for (String f : extraFactors) {
        sb.append("- ").append(f).append('\n');
      }
    }
    return sb.append('\n').append(output).toString();
  }

  /** The rubric as a JSON object in the file format {@link #load} reads. */
  public String toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", id);
    n.put("version", version);
    n.put("scale", scale);
    n.put("system", system);
    n.put("role", role);
    ArrayNode c = n.putArray("criteria");
    criteria.forEach(c::add);
    ArrayNode f = n.putArray("extra_factors");
    extraFactors.forEach(f::add);
    n.put("output", output);
    return n.toPrettyString();
  }
}
