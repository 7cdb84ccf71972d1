package org.biomedvital.data;

import java.util.Objects;

/** One turn of a conversation. */
public record Turn(Role role, String text) {
  /** Validates; the text may be empty but not null. */
  public Turn {
    Objects.requireNonNull(role, "role == null");
    Objects.requireNonNull(text, "text == null");
  }

  /** A human turn. */
  public static Turn human(String text) {
    return new Turn(Role.HUMAN, text);
  }

  /** An assistant ({@code gpt}) turn. */
  public static Turn gpt(String text) {
    return new Turn(Role.GPT, text);
  }
}
