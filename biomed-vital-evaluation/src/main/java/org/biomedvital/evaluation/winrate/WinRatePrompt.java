package org.biomedvital.evaluation.winrate;

import java.util.Objects;
import org.biomedvital.data.ImageRef;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;

/**
 * The pairwise judge request of the win-rate evaluation: a system message with the instructions
 * and a user message with the image (when given) and the question, the reference answer and the
 * answers of assistants A and B.
 *
 * <p>The instructions are our own paraphrase of BioMed-VITAL's {@code eval/win_rate.py}: an
 * impartial judge compares both answers with the reference on correctness and helpfulness, ignores
 * position, length and names, and gives {@code [[A]]}, {@code [[B]]} or, as a last resort,
 * {@code [[C]]} for a tie, first. The layout fixes the script's mislabelled closing tags
 * ({@code [End of Assistant 1]} after assistant A). Use {@link #withInstructions} for other wording.
 * Immutable and thread-safe.
 */
public final class WinRatePrompt {
  /** The default instructions. */
  public static final String INSTRUCTIONS =
      "Act as an impartial judge of the answers two AI assistants gave to the user question"
          + " below, which is about the attached image. Judge correctness and helpfulness. You are"
          + " given a reference answer, assistant A's answer and assistant B's answer, and must"
          + " decide which assistant answered better. Start by comparing both answers with the"
          + " reference answer, pointing out and correcting any mistakes. Do not let the order of"
          + " the answers, their length or the assistants' names influence you; be as objective as"
          + " possible.\nBegin your reply with your verdict in exactly this format: \"[[A]]\" if"
          + " assistant A is better, \"[[B]]\" if assistant B is better, or \"[[C]]\" for a tie,"
          + " then explain it. Use \"[[C]]\" only as a last resort, when you truly cannot tell the"
          + " two answers apart in quality.";

  private static final WinRatePrompt DEFAULT = new WinRatePrompt(INSTRUCTIONS);

  private final String instructions;

  private WinRatePrompt(String instructions) {
    this.instructions = instructions;
  }

  /** The prompt with the default instructions. */
  public static WinRatePrompt defaults() {
    return DEFAULT;
  }

  /** A copy with other instructions. */
  public WinRatePrompt withInstructions(String newInstructions) {
    return new WinRatePrompt(Objects.requireNonNull(newInstructions, "instructions == null"));
  }

  /** The user text for one question and the two answers. */
  public String userText(WinRateQuestion q, String answerA, String answerB) {
    return "[Question]\n" + q.question() + "\n\n"
        + "[Reference Answer]\n" + q.referenceAnswer() + "\n\n"
        + "[Assistant A]\n" + answerA + "\n\n[End of Assistant A]\n\n"
        + "[Assistant B]\n" + answerB + "\n\n[End of Assistant B]\n\n";
  }

  /** The judge request at temperature 0; the image, when not null, goes before the text. */
  public ChatRequest request(WinRateQuestion q, String answerA, String answerB, ImageRef image) {
    String text = userText(q, answerA, answerB);
    ChatMessage user = image == null ? ChatMessage.user(text) : ChatMessage.user(text, image);
    return ChatRequest.builder().addMessage(ChatMessage.system(instructions)).addMessage(user)
        .temperature(0.0).build();
  }
}
