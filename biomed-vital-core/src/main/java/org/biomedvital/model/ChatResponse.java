package org.biomedvital.model;

import java.util.Objects;

/**
 * A model's reply.
 *
 * @param text the reply text
 * @param usage the tokens the call consumed
 * @param model the model id that answered, as reported by the provider (may be empty)
 * @param finishReason why generation stopped, e.g. {@code stop} or {@code length} (may be empty)
 */
public record ChatResponse(String text, TokenUsage usage, String model, String finishReason) {
  /** Validates. */
  public ChatResponse {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(usage, "usage == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(finishReason, "finishReason == null");
  }

  /** A reply with only text (offline models, fakes). */
  public static ChatResponse of(String text) {
    return new ChatResponse(text, TokenUsage.NONE, "", "stop");
  }
}
