package org.biomedvital.evaluation.winrate;

import java.util.Objects;

/**
 * One question of a pairwise win-rate evaluation, in the QA50 shape that BioMed-VITAL reuses for
 * VQA ({@code question_id, image, text, gpt4_answer, answer_type}).
 *
 * @param id the question id, as text
 * @param image the image file name, relative to the image folder (may be empty)
 * @param question the question, without LLaVA's {@code <image>} token
 * @param referenceAnswer the reference (ground-truth) answer
 * @param answerType {@code OPEN}, {@code CLOSED}, or empty when the file has none
 */
public record WinRateQuestion(
    String id, String image, String question, String referenceAnswer, String answerType) {
  /** Validates. */
  public WinRateQuestion {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(question, "question == null");
    Objects.requireNonNull(referenceAnswer, "referenceAnswer == null");
    Objects.requireNonNull(answerType, "answerType == null");
  }

  /** Whether the answer type marks a closed (yes/no) question: {@code CLOSED} or {@code CLOSE}, any case. */
  public boolean isClosed() {
    String t = answerType.trim();
    return t.equalsIgnoreCase("CLOSED") || t.equalsIgnoreCase("CLOSE");
  }
}
