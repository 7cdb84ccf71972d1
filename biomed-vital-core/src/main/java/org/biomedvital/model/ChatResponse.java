package org.biomedvital.model;

import java.util.Objects;

/**
 * A model's reply.
 *
 * @param text the reply text
 * @param usage the tokens the call consumed
 * @param model the model id that answered, as reported by the provider (may be empty)
 * @param finishReason why generation stopped, e.g. {@code stop} or {@code length} (may be empty)
 *     as the provider reports it: OpenAI's {@code finish_reason}, Anthropic's {@code stop_reason}
 */
public record ChatResponse(String text, TokenUsage usage, String model, String finishReason) {
  /** Validates. */
  public ChatResponse {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(usage, "usage == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(finishReason, "finishReason == null");
  }

  /**
   * Whether the reply was cut at the output-token limit ({@code finishReason} {@code length},
   * OpenAI, or {@code max_tokens}, Anthropic): its text ends mid-way and must not be taken for a
   * complete answer.
   */
  public boolean truncated() {
    return "length".equals(finishReason) || "max_tokens".equals(finishReason);
  }

  /**
   * This reply when it is complete.
   *
   * @throws TruncatedReplyException when it was cut at the output-token limit
   */
  public ChatResponse requireComplete() {
    if (truncated()) {
      throw new TruncatedReplyException(this);
    }
    return this;
  }

  /** A reply with only text (offline models, fakes). */
  public static ChatResponse of(String text) {
    return new ChatResponse(text, TokenUsage.NONE, "", "stop");
  }
}
