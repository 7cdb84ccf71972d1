package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;

/**
 * One open-chat evaluation question (method.md 5.5, {@code llava_med_eval_qa50_qa.jsonl}):
 * {@code question_id, image, pair_id, text (question + "\n<image>"), gpt4_answer, fig_caption,
 * in_text_mention, domain, type, fig_label}. Also the shape of BioMed-VITAL's VQA win-rate input
 * ({@code gpt4_answer} = the ground truth, plus {@code answer_type}). Kept whole, so it is written
 * back byte for byte.
 *
 * <p>Immutable and thread-safe.
 */
public final class QaQuestion extends NodeRecord {
  /** The suffix every QA50 question text ends with. */
  public static final String IMAGE_SUFFIX = "\n" + Conversation.IMAGE_TOKEN;

  QaQuestion(ObjectNode node) {
    super(node);
  }

  /** The question id (0..192 in QA50). */
  public long questionId() {
    return node.get("question_id").asLong();
  }

  /** The image file name. */
  public String image() {
    return text("image");
  }

  /** The pair id of the figure. */
  public String pairId() {
    return text("pair_id");
  }

  /** The text as stored: the question followed by {@code "\n<image>"}. */
  public String text() {
    return text("text");
  }

  /** The question without the image token (LLaVA-Med evaluators cut the last 8 characters). */
  public String question() {
    String t = text();
    return t.endsWith(IMAGE_SUFFIX) ? t.substring(0, t.length() - IMAGE_SUFFIX.length())
        : Conversation.stripImageToken(t);
  }

  /** The reference answer (text-only GPT-4's in QA50; the ground truth in VQA win-rate files). */
  public String gpt4Answer() {
    return text("gpt4_answer");
  }

  /** The figure caption. */
  public String caption() {
    return text("fig_caption");
  }

  /** The inline-mention sentences (empty when {@code in_text_mention} is null). */
  public List<String> mentions() {
    return mentionTexts("in_text_mention");
  }

  /** Whether {@code in_text_mention} is null or absent. */
  public boolean mentionsMissing() {
    JsonNode v = node.get("in_text_mention");
    return v == null || v.isNull();
  }

  /** The true domain flags. */
  public Set<Domain> domains() {
    return domainFlags("domain");
  }

  /**
   * The domain LLaVA-Med's summaries count this question under: the first true flag in {@link
   * Domain#EVALUATION_ORDER}.
   */
  public Optional<Domain> evaluationDomain() {
    return Domain.firstOf(domains(), Domain.EVALUATION_ORDER);
  }

  /** {@code conversation} or {@code detailed_description}, if present. */
  public Optional<String> type() {
    return optionalText("type");
  }

  /** The figure label. */
  public String figLabel() {
    return text("fig_label");
  }

  /** {@code OPEN} or {@code CLOSED} in VQA win-rate files, if present. */
  public Optional<String> answerType() {
    return optionalText("answer_type");
  }

  @Override
  public String toString() {
    return "QaQuestion{" + questionId() + "}";
  }

  static QaQuestion map(JsonFields f, ReadContext ctx) {
    f.identify("question_id").requiredLong("question_id");
    f.requiredText("image");
    String text = f.requiredText("text");
    f.optionalTexts("pair_id", "gpt4_answer", "fig_caption", "type", "fig_label");
    if (!text.endsWith(IMAGE_SUFFIX)) {
      f.warn("text", "does not end with \"\\n<image>\"; LLaVA-Med evaluators cut the last 8 "
          + "characters as the image token");
    }
    String type = f.textOrNull("type");
    if (type != null && !type.equals("conversation") && !type.equals("detailed_description")) {
      f.warn("type", "is '" + type + "' but QA50 uses 'conversation' or 'detailed_description'");
    }
    f.mentions("in_text_mention");
    f.domains("domain");
    return new QaQuestion(f.node());
  }
}
