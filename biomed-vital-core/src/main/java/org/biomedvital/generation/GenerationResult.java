package org.biomedvital.generation;

import java.util.Objects;
import org.biomedvital.data.Conversation;
import org.biomedvital.model.TokenUsage;

/**
 * One generated candidate.
 *
 * @param conversation the parsed, post-processed conversation
 * @param usage the tokens the call consumed
 * @param model the model that answered (empty for offline generators)
 * @param promptTemplate the prompt-template id and version used
 * @param rawReply the model's reply before parsing (empty for offline generators)
 */
public record GenerationResult(
    Conversation conversation, TokenUsage usage, String model, String promptTemplate,
    String rawReply) {
  /** Validates. */
  public GenerationResult {
    Objects.requireNonNull(conversation, "conversation == null");
    Objects.requireNonNull(usage, "usage == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(promptTemplate, "promptTemplate == null");
    Objects.requireNonNull(rawReply, "rawReply == null");
  }
}
