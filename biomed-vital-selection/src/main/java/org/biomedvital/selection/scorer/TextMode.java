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
   * The default: caption + inline mentions (with the image, when there is one) and every Q/A pair of
   * the conversation are embedded separately, so no part of a long conversation is truncated away;
   * the features are {@code [context, mean of Q/A vectors, context * mean of Q/A vectors, mean and
   * minimum of context . Q/A]} ({@code 3d + 2} values for an embedder of length {@code d}), which
   * lets the head compare the answers with the figure's text.
   */
  FULL,
  /**
   * Caption, inline mentions and the whole conversation as one text on separate lines, turns as
   * {@code "User: ..."} / {@code "Assistant: ..."} (long texts are truncated by the embedder).
   */
  JOINED,
  /**
   * The official code: {@code caption + mentions + "Question:" + q1 + "Answer:" + a1}, concatenated
   * without separators, first Q/A pair only.
   */
  COMPAT;

  /** The feature length for an embedder of length {@code d}. */
  public int featureLength(int d) {
    return this == FULL ? 3 * d + 2 : d;
  }

  /** The embedder length behind a feature length (the inverse of {@link #featureLength}). */
  public int embedderLength(int featureLength) {
    return this == FULL ? (featureLength - 2) / 3 : featureLength;
  }

  /** The figure text of {@link #FULL}: caption and mentions on separate lines. */
  public static String context(InstructionSample sample) {
    StringBuilder sb = new StringBuilder(sample.caption());
    for (String m : sample.mentions()) {
      sb.append('\n').append(m);
    }
    return sb.toString().trim();
  }

  /** The Q/A texts of {@link #FULL}: {@code "User: q\nAssistant: a"} per pair (a trailing question alone). */
  public static List<String> exchanges(InstructionSample sample) {
    List<String> out = new java.util.ArrayList<>();
    List<Turn> turns = sample.conversation().turns();
    for (int i = 0; i < turns.size(); i += 2) {
      String q = "User: " + Conversation.stripImageToken(turns.get(i).text());
      out.add(i + 1 < turns.size()
          ? q + "\nAssistant: " + Conversation.stripImageToken(turns.get(i + 1).text()) : q);
    }
    return out;
  }

  /** The single text of {@link #JOINED} or {@link #COMPAT} (for {@link #FULL}, the joined text). */
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
