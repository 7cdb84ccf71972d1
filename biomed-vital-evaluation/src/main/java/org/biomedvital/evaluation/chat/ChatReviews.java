package org.biomedvital.evaluation.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.biomedvital.Experimental;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.format.RecordFields;
import org.biomedvital.internal.Json;

/**
 * Reads and writes review files in LLaVA-Med's format: the question record plus {@code question},
 * {@code ans1} (reference), {@code ans2} (model) and the judge's reply in {@code gpt_eval}
 * (BioMed-VITAL's files call it {@code result}; both are read). Our second pass, when run, is in
 * {@code gpt_eval_swapped}.
 */
@Experimental("the evaluation file codecs may move into core's format package")
public final class ChatReviews {
  private ChatReviews() {}

  /**
   * Reads a review file.
   *
   * @throws org.biomedvital.InvalidDataException naming file:line and field for a review without
   *     id or judge reply, a bad domain object, or a repeated id
   */
  public static List<ChatReview> read(Path file) {
    return RecordFields.readKeyed(file, "question_id",
        "; a review file holds one review per question", ChatReviews::review);
  }

  private static ChatReview review(RecordFields f, String id) {
    String judgement;
    if (f.get("gpt_eval").isPresent()) {
      judgement = f.text("gpt_eval");
    } else if (f.get("result").isPresent()) {
      judgement = f.text("result");
    } else {
      throw f.error("gpt_eval", "is required but missing (nor is there a 'result'); is this a"
          + " review file?");
    }
    Optional<String> swapped = f.optionalText("gpt_eval_swapped");
    ChatQuestion q = questionOf(f, id);
    return new ChatReview(id, q.type(), q.domains(), judgement, swapped);
  }

  private static ChatQuestion questionOf(RecordFields f, String id) {
    // Review records carry the question's fields; reuse the tolerant question reader for them.
    if (f.get("text").isEmpty() || f.get("gpt4_answer").isEmpty()) {
      ObjectNode copy = f.node().deepCopy();
      if (f.get("text").isEmpty()) {
        copy.put("text", f.text("question", ""));
      }
      if (f.get("gpt4_answer").isEmpty()) {
        copy.put("gpt4_answer", f.text("ans1", ""));
      }
      f = new RecordFields(f.source(), f.line(), copy);
    }
    return ChatQuestions.parse(f, id);
  }

  /** One review as a compact JSON line (no line break), keyed by {@code question_id}. */
  public static String toJsonLine(ChatQuestion q, String referenceAnswer, String modelAnswer,
      ChatReview review, String judgeModel) {
    ObjectNode n = Json.mapper().createObjectNode();
    AnswerFiles.putId(n, "question_id", q.id());
    n.put("image", q.image());
    n.put("text", q.question() + ChatQuestions.IMAGE_SUFFIX);
    n.put("gpt4_answer", referenceAnswer);
    n.put("fig_caption", q.figCaption());
    n.put("fig_label", q.figLabel());
    ArrayNode mentions = n.putArray("in_text_mention");
    q.mentions().forEach(mentions::add);
    ObjectNode domain = n.putObject("domain");
    for (Domain d : Domain.WIRE_ORDER) {
      domain.put(d.wireName(), q.domains().contains(d));
    }
    n.put("type", q.type());
    n.put("question", q.question());
    n.put("ans1", referenceAnswer);
    n.put("ans2", modelAnswer);
    n.put("gpt_eval", review.judgement());
    review.swappedJudgement().ifPresent(s -> n.put("gpt_eval_swapped", s));
    n.put("judge_model", judgeModel);
    return n.toString();
  }
}
