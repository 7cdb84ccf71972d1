package org.biomedvital.selection.clinician;

import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.internal.Hashing;

/**
 * One question and one answer about an image as a sample, with an id derived from the content
 * ({@code <image stem>#<12 hex of sha256(question, answer)>}), so the same answer imported from
 * different files or annotators gets the same id and agreement can match items.
 */
final class AnswerSamples {
  private AnswerSamples() {}

  /** The sample for one answer to a question about an image. */
  public static InstructionSample of(String image, String caption, List<String> mentions,
      String question, String answer) {
    String stem = stem(image);
    String id = stem + "#" + Hashing.sha256Hex(question.strip() + "\u0000" + answer.strip())
        .substring(0, 12);
    return InstructionSample.builder()
        .id(id)
        .figureId(stem)
        .image(image)
        .caption(caption == null ? "" : caption)
        .mentions(mentions == null ? List.of() : mentions)
        .conversation(Conversation.of(question, answer))
        .build();
  }

  /** The first question/answer pair of a sample (the whole of an imported answer sample). */
  static QaPair first(InstructionSample s) {
    List<QaPair> pairs = s.conversation().withoutImageToken().pairs();
    if (pairs.isEmpty()) {
      return new QaPair(s.conversation().turns().get(0).text(), "");
    }
    return pairs.get(0);
  }

  static String stem(String image) {
    String name = image.substring(image.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
