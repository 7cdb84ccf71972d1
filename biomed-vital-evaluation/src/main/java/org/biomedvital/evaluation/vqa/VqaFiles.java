package org.biomedvital.evaluation.vqa;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.format.RecordFields;

/**
 * Reads VQA test sets in the LLaVA-Med format (one JSON array, or JSONL). The typo key
 * {@code conversatons} of some released files is accepted.
 */
@Experimental("the evaluation file codecs may move into core's format package")
public final class VqaFiles {
  private VqaFiles() {}

  /**
   * Reads a test set.
   *
   * @throws InvalidDataException naming file:line and field when a record lacks its id, its two
   *     turns or its answer type, or repeats an id
   */
  public static List<VqaQuestion> readQuestions(Path file) {
    return RecordFields.readKeyed(file, "id", "", VqaFiles::question);
  }

  private static VqaQuestion question(RecordFields f, String id) {
    String key = f.get("conversations").isPresent() ? "conversations" : "conversatons";
    JsonNode turns = f.get(key).orElseThrow(() -> f.error("conversations",
        "is required but missing; expected [{from: human, value: question}, {from: gpt, value:"
            + " answer}]"));
    if (!turns.isArray() || turns.size() < 2) {
      throw f.error(key, "must be a list of at least 2 turns (question, answer) but is "
          + (turns.isArray() ? turns.size() + " turn(s)" : turns.getNodeType()));
    }
    String question = turnValue(f, key, turns, 0);
    String answer = turnValue(f, key, turns, 1);
    String type = f.text("answer_type");
    return new VqaQuestion(id, question, answer, type);
  }

  private static String turnValue(RecordFields f, String key, JsonNode turns, int i) {
    JsonNode v = turns.get(i).get("value");
    if (v == null || !v.isValueNode() || v.isNull()) {
      throw f.error(key + "[" + i + "].value", "is required and must be a string");
    }
    return v.asText();
  }
}
