package org.biomedvital.selection.scorer;

import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.QaPair;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.data.InstructionSample;

/** Which text of a candidate the scorer embeds. */
public enum TextMode {
  /**
   * The default: caption, inline mentions and the whole conversation, on separate lines, turns as
   * {@code "User: ..."} / {@code "Assistant: ..."}.
   */
  FULL,
  /**
   * The official code: {@code caption + mentions + "Question:" + q1 + "Answer:" + a1}, concatenated
   * without separators, first Q/A pair only.
   */
  COMPAT;

  /** The text of {@code sample} under this mode. */
  public String text(InstructionSample sample) {
    if (this == COMPAT) {
      List<QaPair> pairs = sample.conversation().pairs();
      String q = pairs.isEmpty() ? Conversation.stripImageToken(sample.conversation().turns().get(0).text())
          : Conversation.stripImageToken(pairs.get(0).question());
      String a = pairs.isEmpty() ? "" : Conversation.stripImageToken(pairs.get(0).answer());
      return sample.caption() + String.join(" ", sample.mentions()) + "Question:" + q + "Answer:" + a;
    }
    StringBuilder sb = new StringBuilder();
    if (!sample.caption().isEmpty()) {
      sb.append(sample.caption()).append('\n');
    }
    for (String m : sample.mentions()) {
      sb.append(m).append('\n');
    }
    for (Turn t : sample.conversation().turns()) {
      sb.append(t.role() == Role.HUMAN ? "User: " : "Assistant: ")
          .append(Conversation.stripImageToken(t.text())).append('\n');
    }
    return sb.toString().trim();
  }
}
