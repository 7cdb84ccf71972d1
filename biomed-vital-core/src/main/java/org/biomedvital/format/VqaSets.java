package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.Conversation;

/**
 * VQA test sets in LLaVA-Med form (method.md 5.6; VQA-RAD, SLAKE, PathVQA {@code test.json}): a
 * JSON array of {@code {id, image, conversations: [{from: human, value: question}, {from: gpt,
 * value: answer}], answer_type: OPEN|CLOSED}}. The misspelt key {@code conversatons} of some
 * released files is read as {@code conversations} (with a warning) and written correctly.
 *
 * <p>Checks beyond {@link LlavaInstructions}: a question and an answer turn, and an
 * {@code answer_type} of OPEN or CLOSED (a warning otherwise). No {@code <image>} warnings.
 */
public final class VqaSets {
  /** The answer types of LLaVA-Med VQA sets. */
  public static final Set<String> ANSWER_TYPES = Set.of("OPEN", "CLOSED");

  private VqaSets() {}

  /** Opens a streaming reader. */
  public static RecordReader<LlavaRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, (p, c) -> {
      LlavaRecord r = LlavaInstructions.map(p, c, false);
      if (r.turns().size() < 2) {
        throw c.error("conversations", "must hold a question and its answer but has "
            + r.turns().size() + " turn; add the gpt answer");
      }
      String type = r.answerType().orElse(null);
      if (type == null) {
        c.warn("answer_type", "is missing; closed-set (yes/no) and open-set metrics need OPEN or CLOSED");
      } else if (!ANSWER_TYPES.contains(type)) {
        c.warn("answer_type", "is '" + type + "' but should be OPEN or CLOSED");
      }
      return r;
    });
  }

  /** Reads a whole test set strictly into a list. */
  public static List<LlavaRecord> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /** Opens a streaming writer of a JSON array. */
  public static RecordWriter<LlavaRecord> writer(Path file) {
    return LlavaInstructions.writer(file, Layout.JSON_ARRAY);
  }

  /** The question of a VQA record: its first turn without the {@code <image>} token. */
  public static String question(LlavaRecord r) {
    return Conversation.stripImageToken(r.turns().get(0).text());
  }

  /** The ground-truth answer of a VQA record: its second turn. */
  public static String answer(LlavaRecord r) {
    if (r.turns().size() < 2) {
      throw new IllegalArgumentException("VQA record " + r.id() + " has no answer turn");
    }
    return r.turns().get(1).text();
  }
}
