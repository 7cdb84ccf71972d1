package org.biomedvital.evaluation.chat;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.format.RecordFields;

/**
 * Reads open visual chat questions (LLaVA-Med's QA50 file, JSONL), tolerantly: {@code fig_caption},
 * {@code fig_label}, {@code in_text_mention} and {@code domain} may be missing, mentions may be
 * null, a string, strings or {@code {tokens}} objects.
 */
@Experimental("the evaluation file codecs may move into core's format package")
public final class ChatQuestions {
  static final String IMAGE_SUFFIX = "\n<image>";

  private ChatQuestions() {}

  /**
   * Reads a question file.
   *
   * @throws InvalidDataException naming file:line and field for a missing id, text, answer or type,
   *     a bad domain object, or a repeated id
   */
  public static List<ChatQuestion> read(Path file) {
    return RecordFields.readKeyed(file, "question_id", "", ChatQuestions::parse);
  }

  /** The question of record {@code f}, whose id is {@code id}. */
  static ChatQuestion parse(RecordFields f, String id) {
    return new ChatQuestion(id, f.text("image", ""), stripImageToken(f.text("text")),
        f.text("gpt4_answer"), f.text("fig_label", ""), f.text("fig_caption", ""),
        f.mentions("in_text_mention"), f.domains("domain"), f.text("type", ""));
  }

  /** The question without LLaVA's {@code <image>} token (the scripts cut the last 8 characters). */
  static String stripImageToken(String text) {
    String s = text;
    if (s.endsWith(IMAGE_SUFFIX)) {
      s = s.substring(0, s.length() - IMAGE_SUFFIX.length());
    } else if (s.startsWith("<image>\n")) {
      s = s.substring("<image>\n".length());
    }
    return s.replace("<image>", "").strip();
  }
}
