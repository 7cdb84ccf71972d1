package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
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
  private final ReadContext context;

  JsonFields(String source, long line, JsonNode node) {
    this.source = source;
    this.line = line;
    this.context = null;
    if (node == null || !node.isObject()) {
      throw new InvalidDataException(source, line, null,
          "must be a JSON object but is " + (node == null ? "missing" : node.getNodeType()));
    }
    this.node = node;
  }

  JsonFields(ReadContext context, JsonNode node) {
    this.source = context.source;
    this.line = context.line;
    this.context = context;
    if (node == null || !node.isObject()) {
      throw context.error(null,
          "must be a JSON object but is " + (node == null ? "missing" : node.getNodeType()));
    }
    this.node = node;
  }

  /** The value of a field, or null when absent. */
  JsonNode get(String field) {
    return node.get(field);
  }

  /** Records the record's id for messages (when read through a context). */
  JsonFields identify(String field) {
    JsonNode v = node.get(field);
    if (context != null && v != null && (v.isTextual() || v.isNumber())) {
      context.recordId = v.asText();
    }
    return this;
  }

  /** A warning for this record (dropped when not read through a context). */
  void warn(String field, String detail) {
    if (context != null) {
      context.warn(field, detail);
    }
  }

  /** A required integer field. */
  long requiredLong(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw error(field, "is required but missing");
    }
    if (!v.canConvertToExactIntegral() || !v.isNumber()) {
      throw error(field, "must be an integer but is " + v);
    }
    return v.asLong();
  }

  /** An optional field that must be a string when present; null when absent or null. */
  String textOrNull(String field) {
    return has(field) ? requiredText(field) : null;
  }

  /** Checks that each of {@code fields} is a string (or a number) when present. */
  void optionalTexts(String... fields) {
    for (String field : fields) {
      textOrNull(field);
    }
  }

  /** A field that must be an object when present; null when absent or null. */
  JsonNode objectOrNull(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw error(field, "must be an object but is " + v.getNodeType());
    }
    return v;
  }

  ObjectNode node() {
    return (ObjectNode) node;
  }

  InvalidDataException error(String field, String detail) {
    return context != null ? context.error(field, detail)
        : new InvalidDataException(source, line, field, detail);
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
    return mentions(node.get(field), field, this::error);
  }

  /** The mentions of value {@code v} of {@code field}; errors made by {@code error}. */
  static List<String> mentions(JsonNode v, String field,
      BiFunction<String, String, InvalidDataException> error) {
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
      throw error.apply(field, "must be null, a string or a list but is " + v.getNodeType());
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      if (m.isTextual()) {
        out.add(m.textValue());
      } else if (m.isObject() && m.path("tokens").isTextual()) {
        out.add(m.get("tokens").textValue());
      } else {
        throw error.apply(field + "[" + i + "]",
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

  Conversation conversation(String field) {
    List<Turn> turns = turns(field);
    List<String> problems = Conversation.problems(turns);
    if (!problems.isEmpty()) {
      throw error(field, problems.get(0));
    }
    return new Conversation(turns);
  }
}
