package org.biomedvital.data;

import java.util.Locale;
import java.util.Optional;

/** Who speaks a turn: the human asking, or the assistant ({@code gpt} in LLaVA files) answering. */
public enum Role {
  HUMAN("human"),
  GPT("gpt");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code from} field in LLaVA files. */
  public String wireName() {
    return wireName;
  }

  /** The other role. */
  public Role other() {
    return this == HUMAN ? GPT : HUMAN;
  }

  /**
   * Parses a {@code from} value: {@code human}/{@code user} or {@code gpt}/{@code assistant}
   * (case-insensitive); empty for anything else.
   */
  public static Optional<Role> fromWireName(String value) {
    if (value == null) {
      return Optional.empty();
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "human":
      case "user":
        return Optional.of(HUMAN);
      case "gpt":
      case "assistant":
        return Optional.of(GPT);
      default:
        return Optional.empty();
    }
  }
}
