package org.biomedvital.evaluation.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.io.Fields;
import org.biomedvital.evaluation.io.Records;

/**
 * Reads open visual chat questions (LLaVA-Med's QA50 file, JSONL), tolerantly: {@code fig_caption},
 * {@code fig_label}, {@code in_text_mention} and {@code domain} may be missing, mentions may be
 * null, a string, strings or {@code {tokens}} objects.
 */
public final class ChatQuestions {
  static final String IMAGE_SUFFIX = "\n<image>";

  private ChatQuestions() {}

  /**
   * Reads a question file.
   *
   * @throws InvalidDataException naming file:line and field for a missing id, text, answer or type,
   *     a bad domain object, or a repeated id
   */
  public static List<ChatQuestion> read(Path file) {
    List<ChatQuestion> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (Records.Entry e : Records.read(file)) {
      out.add(parse(e.fields(), seen));
    }
    return out;
  }

  static ChatQuestion parse(Fields f, Map<String, Long> seen) {
    String id = f.id("question_id");
    Long before = seen.putIfAbsent(id, f.line());
    if (before != null) {
      throw f.error("question_id", "repeats question id '" + id + "' of line " + before);
    }
    return new ChatQuestion(id, f.text("image", ""), stripImageToken(f.text("text")),
        f.text("gpt4_answer"), f.text("fig_label", ""), f.text("fig_caption", ""),
        mentions(f), domains(f), f.text("type", ""));
  }

  /** The question without LLaVA's {@code <image>} token (the scripts cut the last 8 characters). */
  static String stripImageToken(String text) {
    String s = text;
    if (s.endsWith(IMAGE_SUFFIX)) {
      s = s.substring(0, s.length() - IMAGE_SUFFIX.length());
    } else if (s.startsWith("<image>\n")) {
      s = s.substring("<image>\n".length());
    }
    return s.replace("<image>", "").strip();
  }

  private static List<String> mentions(Fields f) {
    List<String> out = new ArrayList<>();
    JsonNode v = f.get("in_text_mention").orElse(null);
    if (v == null) {
      return out;
    }
    if (v.isTextual()) {
      if (!v.textValue().isBlank()) {
        out.add(v.textValue());
      }
      return out;
    }
    if (!v.isArray()) {
      throw f.error("in_text_mention", "must be null, a string or a list but is " + v.getNodeType());
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      if (m.isTextual()) {
        out.add(m.textValue());
      } else if (m.isObject() && m.path("tokens").isTextual()) {
        out.add(m.get("tokens").textValue());
      } else {
        throw f.error("in_text_mention[" + i + "]",
            "must be a string or an object with a string 'tokens' but is " + m.getNodeType());
      }
    }
    return out;
  }

  private static Set<Domain> domains(Fields f) {
    Set<Domain> out = EnumSet.noneOf(Domain.class);
    JsonNode v = f.get("domain").orElse(null);
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw f.error("domain", "must be an object of flags such as {\"chest_xray\": true} but is "
          + v.getNodeType());
    }
    for (Map.Entry<String, JsonNode> flag : v.properties()) {
      if (flag.getValue().asBoolean(false)) {
        out.add(Domain.fromWireName(flag.getKey()).orElseThrow(() -> f.error(
            "domain." + flag.getKey(), "is not a known domain; expected chest_xray, mri, ct_scan,"
                + " histology or gross")));
      }
    }
    return out;
  }
}
