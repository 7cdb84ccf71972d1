package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;

/**
 * One record of LLaVA / LLaVA-Med instruction data, also the shape of VQA test sets:
 * {@code {id, image, domain, conversations: [{from, value}, ...]}} plus any other fields (such as
 * a VQA set's {@code answer_type}), which are kept in order and written back.
 *
 * <p>Immutable and thread-safe.
 */
public final class LlavaRecord {
  private final String id;
  private final boolean numericId;
  private final String image;
  private final Set<Domain> domains;
  private final Conversation conversation;
  private final ObjectNode extra;

  LlavaRecord(String id, boolean numericId, String image, Set<Domain> domains,
      Conversation conversation, ObjectNode extra) {
    this.id = id;
    this.numericId = numericId;
    this.image = image;
    this.domains = domains == null ? null : Domain.setOf(domains);
    this.conversation = conversation;
    this.extra = extra;
  }

  /**
   * A record with a string id, an image, the five domain flags and a conversation.
   *
   * @param domains the true flags; null to leave the {@code domain} field out
   */
  public static LlavaRecord of(String id, String image, Set<Domain> domains, Conversation conversation) {
    Checks.notBlank(id, "id");
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(conversation, "conversation == null");
    return new LlavaRecord(id, false, image, domains, conversation, Json.mapper().createObjectNode());
  }

  /** The LLaVA record of a sample: its id, image, domains and conversation. */
  public static LlavaRecord from(InstructionSample sample) {
    return of(sample.id(), sample.image(), sample.domains(), sample.conversation());
  }

  /** The id, as text ({@code "17"} for the running integers of BioMed-VITAL files). */
  public String id() {
    return id;
  }

  /** Whether the id is a JSON number (written back as one). */
  public boolean numericId() {
    return numericId;
  }

  /** The image file name relative to the image folder, if the record has one. */
  public Optional<String> image() {
    return Optional.ofNullable(image);
  }

  /** The true domain flags, if the record has a {@code domain} field. */
  public Optional<Set<Domain>> domains() {
    return Optional.ofNullable(domains);
  }

  /** The conversation (validated: starts with human, alternates). */
  public Conversation conversation() {
    return conversation;
  }

  /** The turns of the conversation. */
  public List<Turn> turns() {
    return conversation.turns();
  }

  /** The fields this class does not model, in file order (a copy). */
  public ObjectNode extra() {
    return extra.deepCopy();
  }

  /** One field this class does not model, if present. */
  public Optional<JsonNode> extra(String field) {
    JsonNode v = extra.get(field);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  /** A VQA record's {@code answer_type} ({@code OPEN} or {@code CLOSED}), if present. */
  public Optional<String> answerType() {
    JsonNode v = extra.get("answer_type");
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  /** A copy with another conversation. */
  public LlavaRecord withConversation(Conversation newConversation) {
    Objects.requireNonNull(newConversation, "newConversation == null");
    return new LlavaRecord(id, numericId, image, domains, newConversation, extra);
  }

  /** A copy with one more (or a replaced) extra field, written after the modelled ones. */
  public LlavaRecord withExtra(String field, JsonNode value) {
    Checks.notBlank(field, "field");
    Objects.requireNonNull(value, "value == null");
    if (LlavaInstructions.KNOWN_FIELDS.contains(field)) {
      throw new IllegalArgumentException("'" + field + "' is a modelled field; use the record's own "
          + "accessors and factories for it");
    }
    ObjectNode copy = extra.deepCopy();
    copy.set(field, value.deepCopy());
    return new LlavaRecord(id, numericId, image, domains, conversation, copy);
  }

  /**
   * The record as an instruction sample (unknown provenance).
   *
   * @throws IllegalStateException when the record has no image
   */
  public InstructionSample toSample() {
    Checks.checkState(image != null, "record %s has no image; a sample needs one", id);
    return InstructionSample.builder()
        .id(id)
        .image(image)
        .domains(domains == null ? Set.of() : domains)
        .conversation(conversation)
        .build();
  }

  /** Appends the record as Python's {@code json.dumps} would write it. */
  void writeTo(StringBuilder out) {
    out.append("{\"id\": ");
    if (numericId) {
      out.append(id);
    } else {
      PythonJson.string(id, out);
    }
    if (image != null) {
      out.append(", \"image\": ");
      PythonJson.string(image, out);
    }
    if (domains != null) {
      out.append(", \"domain\": {");
      boolean first = true;
      for (Domain d : Domain.WIRE_ORDER) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        out.append('"').append(d.wireName()).append("\": ").append(domains.contains(d));
      }
      out.append('}');
    }
    out.append(", \"conversations\": [");
    List<Turn> turns = conversation.turns();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      out.append(i == 0 ? "{\"from\": \"" : ", {\"from\": \"").append(t.role().wireName())
          .append("\", \"value\": ");
      PythonJson.string(t.text(), out);
      out.append('}');
    }
    out.append(']');
    for (var e : extra.properties()) {
      out.append(", ");
      PythonJson.string(e.getKey(), out);
      out.append(": ");
      PythonJson.write(e.getValue(), out);
    }
    out.append('}');
  }

  /** The record as Python's {@code json.dumps} would write it. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(512);
    writeTo(sb);
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LlavaRecord)) {
      return false;
    }
    LlavaRecord r = (LlavaRecord) o;
    return id.equals(r.id) && numericId == r.numericId && Objects.equals(image, r.image)
        && Objects.equals(domains, r.domains) && conversation.equals(r.conversation)
        && extra.equals(r.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, image, domains, conversation, extra);
  }

  @Override
  public String toString() {
    return "LlavaRecord{id=" + id + ", image=" + image + ", turns=" + conversation.size() + "}";
  }
}
