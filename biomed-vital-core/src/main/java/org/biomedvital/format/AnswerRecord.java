package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.biomedvital.internal.Json;

/**
 * One line of an answer file (method.md 5.6): {@code {question_id, prompt, text, answer_id,
 * model_id, metadata}}, one per question, in question order. Unknown fields are kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnswerRecord extends NodeRecord {
  AnswerRecord(ObjectNode node) {
    super(node);
  }

  /** An answer, fields in the LLaVA-Med order, with empty {@code metadata}. */
  public static AnswerRecord of(
      long questionId, String prompt, String text, String answerId, String modelId) {
    Objects.requireNonNull(prompt, "prompt == null");
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(answerId, "answerId == null");
    Objects.requireNonNull(modelId, "modelId == null");
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("question_id", questionId);
    n.put("prompt", prompt);
    n.put("text", text);
    n.put("answer_id", answerId);
    n.put("model_id", modelId);
    n.putObject("metadata");
    return new AnswerRecord(n);
  }

  /** The question answered. */
  public long questionId() {
    return node.get("question_id").asLong();
  }

  /** The prompt the model saw. */
  public String prompt() {
    return text("prompt");
  }

  /** The model's answer. */
  public String text() {
    return text("text");
  }

  /** The answer id (a short uuid). */
  public String answerId() {
    return text("answer_id");
  }

  /** The model that answered. */
  public String modelId() {
    return text("model_id");
  }

  /** The metadata object (a copy; empty when absent). */
  public ObjectNode metadata() {
    JsonNode m = node.get("metadata");
    return m != null && m.isObject() ? (ObjectNode) m.deepCopy() : Json.mapper().createObjectNode();
  }

  @Override
  public String toString() {
    return "AnswerRecord{" + questionId() + ", " + modelId() + "}";
  }

  static AnswerRecord map(JsonFields f, ReadContext ctx) {
    f.identify("question_id").requiredLong("question_id");
    f.requiredText("text");
    f.optionalTexts("prompt", "answer_id", "model_id");
    f.objectOrNull("metadata");
    return new AnswerRecord(f.node());
  }
}
