package org.biomedvital.evaluation.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Domain;

/**
 * One open visual chat question of the LLaVA-Med benchmark (a line of
 * {@code llava_med_eval_qa50_qa.jsonl}).
 *
 * @param id the question id, as text
 * @param image the image file name, relative to the image folder
 * @param question the question, without the trailing {@code "\n<image>"}
 * @param referenceAnswer the reference answer ({@code gpt4_answer})
 * @param figLabel the figure label, e.g. {@code Fig. 3} (may be empty)
 * @param figCaption the figure caption (may be empty)
 * @param mentions the sentences of the article that mention the figure (may be empty)
 * @param domains the true domain flags
 * @param type {@code conversation} or {@code detailed_description}
 */
public record ChatQuestion(String id, String image, String question, String referenceAnswer,
    String figLabel, String figCaption, List<String> mentions, Set<Domain> domains, String type) {
  /** Validates and copies. */
  public ChatQuestion {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(question, "question == null");
    Objects.requireNonNull(referenceAnswer, "referenceAnswer == null");
    Objects.requireNonNull(figLabel, "figLabel == null");
    Objects.requireNonNull(figCaption, "figCaption == null");
    mentions = List.copyOf(mentions);
    domains = Domain.setOf(domains);
    Objects.requireNonNull(type, "type == null");
  }

  /**
   * The domain the question is reported under: its first true flag in the order chest_xray, mri,
   * histology, gross, ct_scan ({@link Domain#EVALUATION_ORDER}); empty when no flag is set.
   */
  public Optional<Domain> domain() {
    return Domain.firstOf(domains, Domain.EVALUATION_ORDER);
  }
}
