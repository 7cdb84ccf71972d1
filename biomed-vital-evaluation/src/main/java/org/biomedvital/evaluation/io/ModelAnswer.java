package org.biomedvital.evaluation.io;

import java.util.Objects;

/**
 * One model answer to one evaluation question: a line of a LLaVA-Med answer file
 * ({@code {question_id, prompt, text, answer_id, model_id, metadata}}).
 *
 * @param questionId the question's id, as text
 * @param text the answer
 * @param modelId the model that answered, or empty when unknown
 */
public record ModelAnswer(String questionId, String text, String modelId) {
  /** Validates. */
  public ModelAnswer {
    Objects.requireNonNull(questionId, "questionId == null");
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(modelId, "modelId == null");
  }

  /** An answer with no model id. */
  public static ModelAnswer of(String questionId, String text) {
    return new ModelAnswer(questionId, text, "");
  }
}
