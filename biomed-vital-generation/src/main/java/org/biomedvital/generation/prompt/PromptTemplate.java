package org.biomedvital.generation.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;

/**
 * The wording of a generation prompt, as data with a version id. The id goes into every sample's
 * provenance, so a changed wording must get a new id.
 *
 * <p>Files are JSON objects with the fields {@code id, system, caption_preface, context_preface,
 * text_format, json_format}; {@link #BIOMED_VITAL_V1} is the built-in paraphrase of the official
 * BioMed-VITAL generator prompt.
 *
 * @param id the template id and version, e.g. {@code biomed-vital-v1}
 * @param system the system instructions
 * @param captionPreface the line before the raw caption in each user turn
 * @param contextPreface the line before the caption-and-mentions context block
 * @param textFormat the output instruction of {@link OutputMode#TEXT}, appended to the system text
 * @param jsonFormat the output instruction of {@link OutputMode#JSON}, appended to the system text
 */
public record PromptTemplate(
    String id, String system, String captionPreface, String contextPreface, String textFormat,
    String jsonFormat) {
  /** The built-in BioMed-VITAL template (a paraphrase of the official prompt). */
  public static final PromptTemplate BIOMED_VITAL_V1 = builtin("biomed-vital-v1");

  /** Validates. */
  public PromptTemplate {
    Checks.notBlank(id, "id");
    Checks.notBlank(system, "system");
    Objects.requireNonNull(captionPreface, "captionPreface == null");
    Objects.requireNonNull(contextPreface, "contextPreface == null");
    Objects.requireNonNull(textFormat, "textFormat == null");
    Objects.requireNonNull(jsonFormat, "jsonFormat == null");
  }

  /** The system text with the output instruction of {@code mode}. */
  public String systemFor(OutputMode mode) {
    String format = mode == OutputMode.JSON ? jsonFormat : textFormat;
    return format.isBlank() ? system : system + "\n\n" + format;
  }

  /**
   * Reads a template file.
   *
   * @throws InvalidDataException naming the file and the missing field
   */
  public static PromptTemplate load(Path file) {
    try {
      return fromJson(file.toString(), Json.mapper().readTree(Files.readString(file)));
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "is not a JSON prompt template: "
          + e.getMessage(), e);
    }
  }

  private static PromptTemplate builtin(String id) {
    String resource = id + ".json";
    try (InputStream in = PromptTemplate.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in prompt template " + resource + " is missing");
      }
      return fromJson(resource, Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in prompt template " + resource, e);
    }
  }

  private static PromptTemplate fromJson(String source, JsonNode n) {
    String[] fields = {"id", "system", "caption_preface", "context_preface", "text_format",
        "json_format"};
    String[] v = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      JsonNode f = n == null ? null : n.get(fields[i]);
      if (f == null || !f.isTextual() || (i < 2 && f.textValue().isBlank())) {
        throw new InvalidDataException(source, 0, fields[i],
            "is required and must be a " + (i < 2 ? "non-blank " : "") + "string");
      }
      v[i] = f.textValue();
    }
    return new PromptTemplate(v[0], v[1], v[2], v[3], v[4], v[5]);
  }
}
