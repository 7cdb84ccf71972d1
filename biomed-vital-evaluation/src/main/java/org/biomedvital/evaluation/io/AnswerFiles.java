package org.biomedvital.evaluation.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.format.RecordFields;
import org.biomedvital.internal.Json;

/** Reads and writes LLaVA-Med answer files and matches answers to questions by id. */
@Experimental("the evaluation file codecs may move into core's format package")
public final class AnswerFiles {
  private static final int SHOWN_IDS = 10;

  private AnswerFiles() {}

  /**
   * Reads an answer file: JSONL (or a JSON array) of objects with {@code question_id} and
   * {@code text}; {@code model_id} is optional.
   *
   * @throws InvalidDataException naming file:line and field for a bad record, or the first two
   *     lines of a duplicated question id
   */
  public static List<ModelAnswer> read(Path file) {
    return RecordFields.readKeyed(file, "question_id",
        "; an answer file holds one answer per question",
        (f, id) -> new ModelAnswer(id, f.text("text"), f.text("model_id", "")));
  }

  /** One answer as a LLaVA-Med answer-file line (compact JSON, no line break). */
  public static String toJsonLine(ModelAnswer answer, String prompt, String answerId) {
    ObjectNode n = Json.mapper().createObjectNode();
    putId(n, "question_id", answer.questionId());
    n.put("prompt", prompt);
    n.put("text", answer.text());
    n.put("answer_id", answerId);
    n.put("model_id", answer.modelId());
    n.putObject("metadata");
    return n.toString();
  }

  /** Puts an id as a JSON number when it is a plain integer (as LLaVA-Med writes them), else text. */
  public static void putId(ObjectNode n, String field, String id) {
    if (id.matches("-?[0-9]{1,18}")) {
      n.put(field, Long.parseLong(id));
    } else {
      n.put(field, id);
    }
  }

  /**
   * Matches answers to questions by id, in question order.
   *
   * @param questionsName names the questions' side in messages, e.g. {@code "questions.jsonl"}
   * @param answersName names the answers' side in messages, e.g. {@code "answers.jsonl"}
   * @throws InvalidDataException listing (up to 10 of) the question ids with no answer, or the
   *     answer ids with no question
   */
  public static <Q> Map<Q, ModelAnswer> match(Collection<Q> questions, Function<Q, String> idOf,
      Collection<ModelAnswer> answers, String questionsName, String answersName) {
    Map<String, ModelAnswer> byId = new LinkedHashMap<>();
    for (ModelAnswer a : answers) {
      byId.put(a.questionId(), a);
    }
    Map<Q, ModelAnswer> out = new LinkedHashMap<>();
    Set<String> missing = new TreeSet<>(AnswerFiles::compareIds);
    Set<String> questionIds = new java.util.HashSet<>();
    for (Q q : questions) {
      String id = idOf.apply(q);
      questionIds.add(id);
      ModelAnswer a = byId.get(id);
      if (a == null) {
        missing.add(id);
      } else {
        out.put(q, a);
      }
    }
    Set<String> extra = new TreeSet<>(AnswerFiles::compareIds);
    for (String id : byId.keySet()) {
      if (!questionIds.contains(id)) {
        extra.add(id);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      StringBuilder sb = new StringBuilder(answersName).append(" does not match ")
          .append(questionsName).append(" by question id:");
      if (!missing.isEmpty()) {
        sb.append(' ').append(missing.size()).append(" question(s) have no answer (")
            .append(shown(missing)).append(')');
      }
      if (!extra.isEmpty()) {
        sb.append(missing.isEmpty() ? " " : "; ").append(extra.size())
            .append(" answer(s) have no question (").append(shown(extra)).append(')');
      }
      sb.append("; answer every question exactly once, or pass the question file the answers"
          + " were made for");
      throw new InvalidDataException(sb.toString());
    }
    return out;
  }

  private static String shown(Set<String> ids) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (String id : ids) {
      if (i == SHOWN_IDS) {
        sb.append(", ... ").append(ids.size() - SHOWN_IDS).append(" more");
        break;
      }
      if (i++ > 0) {
        sb.append(", ");
      }
      sb.append(id);
    }
    return sb.toString();
  }

  /** Numeric ids in numeric order, others after them in text order. */
  private static int compareIds(String a, String b) {
    boolean na = a.matches("-?[0-9]{1,18}");
    boolean nb = b.matches("-?[0-9]{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
