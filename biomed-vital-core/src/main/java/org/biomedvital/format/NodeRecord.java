package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;

/**
 * A record kept as its whole JSON object, field order included, so that unknown fields survive and
 * a record read and written back is byte-for-byte the same. Subclasses add typed accessors over
 * fields the reader validated. Package-private base of the public record classes.
 */
abstract class NodeRecord {
  final ObjectNode node;

  NodeRecord(ObjectNode node) {
    this.node = node;
  }

  /** The whole record as JSON (a copy), fields in file order. */
  public ObjectNode toNode() {
    return node.deepCopy();
  }

  /** A field's value (a copy), if present. */
  public Optional<JsonNode> field(String name) {
    JsonNode v = node.get(name);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  /** The record as Python's {@code json.dumps} writes it (one line). */
  public String toJson() {
    return PythonJson.toJson(node);
  }

  void writeTo(StringBuilder out) {
    PythonJson.write(node, out);
  }

  String text(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  Optional<String> optionalText(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  Set<Domain> domainFlags(String field) {
    Set<Domain> out = EnumSet.noneOf(Domain.class);
    JsonNode v = node.get(field);
    if (v != null && v.isObject()) {
      for (var e : v.properties()) {
        if (e.getValue().asBoolean(false)) {
          Domain.fromWireName(e.getKey()).ifPresent(out::add);
        }
      }
    }
    return Domain.setOf(out);
  }

  /** Mentions as validated by the reader: null, a string, strings, or objects with tokens. */
  List<String> mentionTexts(String field) {
    return JsonFields.mentions(node.get(field), field,
        (f, detail) -> new InvalidDataException("field '" + f + "' " + detail));
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((NodeRecord) o).node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }
}
