package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;

/** Field access on JSON records with errors that name source, line and field. Package-private. */
final class JsonFields {
  private final String source;
  private final long line;
  private final JsonNode node;

  JsonFields(String source, long line, JsonNode node) {
    this.source = source;
    this.line = line;
    if (node == null || !node.isObject()) {
      throw new InvalidDataException(source, line, null,
          "must be a JSON object but is " + (node == null ? "missing" : node.getNodeType()));
    }
    this.node = node;
  }

  ObjectNode node() {
    return (ObjectNode) node;
  }

  InvalidDataException error(String field, String detail) {
    return new InvalidDataException(source, line, field, detail);
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  String requiredText(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw error(field, "is required but missing");
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.asText();
    }
    throw error(field, "must be a string but is " + v.getNodeType());
  }

  String optionalText(String field, String defaultValue) {
    return has(field) ? requiredText(field) : defaultValue;
  }

  /** Mentions as null, a string, a list of strings, or a list of objects with {@code tokens}. */
  List<String> mentions(String field) {
    JsonNode v = node.get(field);
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
      throw error(field, "must be null, a string or a list but is " + v.getNodeType());
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      if (m.isTextual()) {
        out.add(m.textValue());
      } else if (m.isObject() && m.path("tokens").isTextual()) {
        out.add(m.get("tokens").textValue());
      } else {
        throw error(field + "[" + i + "]",
            "must be a string or an object with a string 'tokens' but is " + m.getNodeType());
      }
    }
    return out;
  }

  /** The domain flags object; unknown keys are an error naming the allowed ones. */
  Set<Domain> domains(String field) {
    JsonNode v = node.get(field);
    Set<Domain> out = EnumSet.noneOf(Domain.class);
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw error(field, "must be an object of the five domain flags but is " + v.getNodeType());
    }
    for (var e : v.properties()) {
      Domain d = Domain.fromWireName(e.getKey()).orElseThrow(() -> error(field + "." + e.getKey(),
          "is not a domain; expected chest_xray, mri, ct_scan, histology or gross"));
      if (!e.getValue().isBoolean()) {
        throw error(field + "." + e.getKey(), "must be true or false but is " + e.getValue());
      }
      if (e.getValue().booleanValue()) {
        out.add(d);
      }
    }
    return out;
  }

  /** The turns of a LLaVA {@code conversations} list (also accepting {@code conversatons}). */
  List<Turn> turns(String field) {
    JsonNode v = node.get(field);
    if ((v == null || v.isNull()) && "conversations".equals(field)) {
      v = node.get("conversatons");
    }
    if (v == null || v.isNull()) {
      throw error(field, "is required but missing");
    }
    if (!v.isArray()) {
      throw error(field, "must be a list of {from, value} turns but is " + v.getNodeType());
    }
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode t = v.get(i);
      String at = field + "[" + i + "]";
      if (!t.isObject()) {
        throw error(at, "must be an object {from, value} but is " + t.getNodeType());
      }
      JsonNode from = t.get("from");
      Role role = from != null && from.isTextual() ? Role.fromWireName(from.textValue()).orElse(null)
          : null;
      if (role == null) {
        throw error(at + ".from", "must be 'human' or 'gpt' but is " + from);
      }
      JsonNode value = t.get("value");
      if (value == null || !value.isTextual()) {
        throw error(at + ".value", "must be a string but is " + value);
      }
      turns.add(new Turn(role, value.textValue()));
    }
    return turns;
  }

  /**
   * The conversation, with runs of turns of one role merged into one turn (texts joined by a blank
   * line), as two of the 58 official clinician demonstrations need; each merge is described in
   * {@code repairs}. Other rule breaks are errors.
   */
  Conversation conversationMergingRepeats(String field, List<String> repairs) {
    List<Turn> merged = new ArrayList<>();
    List<Turn> turns = turns(field);
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      int last = merged.size() - 1;
      if (last >= 0 && merged.get(last).role() == t.role()) {
        merged.set(last, new Turn(t.role(), merged.get(last).text() + "\n\n" + t.text()));
        repairs.add("turn " + i + " repeats role '" + t.role().wireName()
            + "'; merged it into turn " + (i - 1));
      } else {
        merged.add(t);
      }
    }
    List<String> problems = Conversation.problems(merged);
    if (!problems.isEmpty()) {
      throw error(field, problems.get(0));
    }
    return new Conversation(merged);
  }

  Conversation conversation(String field) {
    List<Turn> turns = turns(field);
    List<String> problems = Conversation.problems(turns);
    if (!problems.isEmpty()) {
      throw error(field, problems.get(0));
    }
    return new Conversation(turns);
  }
}
