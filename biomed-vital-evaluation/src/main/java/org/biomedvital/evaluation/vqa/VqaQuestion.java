package org.biomedvital.evaluation.vqa;

import java.util.Objects;

/**
 * One VQA test question in the LLaVA-Med format: {@code {id, image, conversations: [{from:
 * "human", value: question}, {from: "gpt", value: answer}], answer_type}}.
 *
 * @param id the question id, as text
 * @param question the question (may contain {@code <image>})
 * @param answer the ground-truth answer (the second turn)
 * @param answerType as written: LLaVA-Med uses {@code OPEN} and {@code CLOSED}
 */
public record VqaQuestion(String id, String question, String answer, String answerType) {
  /** Validates. */
  public VqaQuestion {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(question, "question == null");
    Objects.requireNonNull(answer, "answer == null");
    Objects.requireNonNull(answerType, "answerType == null");
  }
}
