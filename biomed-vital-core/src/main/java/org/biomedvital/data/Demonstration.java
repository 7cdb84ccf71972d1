package org.biomedvital.data;

import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * A clinician-selected demonstration: a figure and an exemplary conversation about it, shown to the
 * generator as a few-shot example.
 */
public record Demonstration(String id, Figure figure, Conversation conversation) {
  /** Validates. */
  public Demonstration {
    Checks.notBlank(id, "id");
    Objects.requireNonNull(figure, "figure == null");
    Objects.requireNonNull(conversation, "conversation == null");
  }

  /** The conversation serialised as "User: ..." / "Assistant: ..." turns joined by blank lines. */
  public String transcript() {
    StringBuilder sb = new StringBuilder();
    for (Turn t : conversation.turns()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append(t.role() == Role.HUMAN ? "User: " : "Assistant: ")
          .append(Conversation.stripImageToken(t.text()));
    }
    return sb.toString();
  }
}
