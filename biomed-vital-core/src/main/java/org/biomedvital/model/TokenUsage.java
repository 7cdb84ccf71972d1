package org.biomedvital.model;

/** Tokens a call consumed. */
public record TokenUsage(long inputTokens, long outputTokens) {
  /** No usage (a cache hit, an offline model). */
  public static final TokenUsage NONE = new TokenUsage(0, 0);

  /** Validates. */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0 but were " + inputTokens + " and " + outputTokens);
    }
  }

  /** Input plus output tokens. */
  public long total() {
    return inputTokens + outputTokens;
  }

  /** The sum of two usages. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
