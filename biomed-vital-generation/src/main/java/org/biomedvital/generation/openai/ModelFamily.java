package org.biomedvital.generation.openai;

import java.util.Locale;

/**
 * Which request parameters an OpenAI model takes. Reasoning models (the o-series, the GPT-5
 * family) refuse {@code max_tokens} (they take {@code max_completion_tokens}) and any {@code
 * temperature} or {@code top_p} but the default; chat models (GPT-4o, GPT-4.1, open models behind
 * vLLM or Ollama) take {@code max_tokens} and sampling parameters.
 */
public enum ModelFamily {
  /** Sends {@code max_tokens}, {@code temperature} and {@code top_p}. */
  CHAT,
  /** Sends {@code max_completion_tokens} and no {@code temperature} or {@code top_p}. */
  REASONING;

  /**
   * The family of a model id: {@code o1}, {@code o3}, {@code o4-mini}... and {@code gpt-5*} (but
   * {@code gpt-5-chat*}) are {@link #REASONING}, every other id {@link #CHAT}. A vendor prefix
   * ({@code openai/o3}) is ignored.
   */
  public static ModelFamily of(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.matches("o\\d.*")) {
      return REASONING;
    }
    if (m.startsWith("gpt-5") && !m.startsWith("gpt-5-chat")) {
      return REASONING;
    }
    return CHAT;
  }

  /**
   * Parses a setting value, {@code chat} or {@code reasoning}.
   *
   * @throws IllegalArgumentException naming the setting and the accepted values
   */
  public static ModelFamily parse(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "chat":
        return CHAT;
      case "reasoning":
        return REASONING;
      default:
        throw new IllegalArgumentException("setting 'model-family' must be chat (max_tokens,"
            + " temperature) or reasoning (max_completion_tokens, no temperature) but was '"
            + value + "'");
    }
  }
}
