package org.biomedvital.data;

import java.util.Objects;

/** One question and its answer, taken from a conversation. */
public record QaPair(String question, String answer) {
  /** Validates. */
  public QaPair {
    Objects.requireNonNull(question, "question == null");
    Objects.requireNonNull(answer, "answer == null");
  }
}
