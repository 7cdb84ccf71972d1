package org.biomedvital.evaluation.chat;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Domain;

/**
 * One judge review of a model's answer: the judge's raw reply with the reference as Assistant 1
 * and the model as Assistant 2, and, when the second pass ran, the raw reply with the two swapped.
 *
 * @param questionId the question's id
 * @param type the question type ({@code conversation}, {@code detailed_description})
 * @param domains the question's true domain flags
 * @param judgement the judge's reply, reference first
 * @param swappedJudgement the judge's reply with the model's answer first, if that pass ran
 */
public record ChatReview(String questionId, String type, Set<Domain> domains, String judgement,
    Optional<String> swappedJudgement) {
  /** Validates and copies. */
  public ChatReview {
    Objects.requireNonNull(questionId, "questionId == null");
    Objects.requireNonNull(type, "type == null");
    domains = Domain.setOf(domains);
    Objects.requireNonNull(judgement, "judgement == null");
    Objects.requireNonNull(swappedJudgement, "swappedJudgement == null");
  }

  /** The reporting domain: the first true flag in {@link Domain#EVALUATION_ORDER}. */
  public Optional<Domain> domain() {
    return Domain.firstOf(domains, Domain.EVALUATION_ORDER);
  }
}
