package org.biomedvital.format;

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
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Figure;
import org.biomedvital.internal.Json;

/**
 * Reads clinician demonstration records (the official {@code doctor_few_shot_examples} fields:
 * {@code id, imgs, domain, conversations, fig_caption, fig_label, pair_id, pmid, in_text_mention})
 * from JSONL or a JSON array.
 */
public final class Demonstrations {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Demonstrations.class);
  private Demonstrations() {}

  /**
   * Reads every demonstration of a file.
   *
   * @throws InvalidDataException naming the file, line and field of the first bad record
   */
  public static List<Demonstration> read(Path file) {
    String source = file.toString();
    List<Demonstration> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      BufferedReader br = (BufferedReader) reader;
      br.mark(1 << 16);
      int c;
      do {
        c = br.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
      br.reset();
      if (c == '[') {
        try (JsonParser p = Json.factory().createParser(br)) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            long line = p.currentTokenLocation().getLineNr();
            JsonNode node = Json.mapper().readTree(p);
            out.add(fromJson(source, line, node));
          }
        }
      } else {
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
          out.add(fromJson(source, line, node));
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(source, 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, null, "cannot be read: " + e.getMessage(), e);
    }
    return out;
  }

  /** Maps one demonstration record. */
  static Demonstration fromJson(String source, long line, JsonNode node) {
    JsonFields f = new JsonFields(source, line, node);
    String id = f.requiredText("id");
    String pairId = f.has("pair_id") ? f.requiredText("pair_id") : stem(f.requiredText("imgs"));
    String image = f.optionalText("imgs", f.optionalText("image", pairId + ".jpg"));
    Figure figure = new Figure(pairId, f.optionalText("pmid", ""), f.optionalText("fig_label", ""),
        f.optionalText("fig_caption", ""), f.mentions("in_text_mention"), f.domains("domain"), image);
    List<String> repairs = new ArrayList<>();
    Demonstration d = new Demonstration(id, figure, f.conversationMergingRepeats("conversations", repairs));
    for (String r : repairs) {
      LOG.warn("{}:{}: demonstration {}: {}", source, line, id, r);
    }
    return d;
  }

  private static String stem(String image) {
    int dot = image.lastIndexOf('.');
    return dot > 0 ? image.substring(0, dot) : image;
  }
}
