package org.biomedvital.evaluation.chat;

import java.util.Objects;
import org.biomedvital.data.ImageRef;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;

/**
 * The judge request of open visual chat: a system message and one user message laid out as
 * LLaVA-Med's is ({@code [Context]} with the figure caption and mentions, {@code [Question]},
 * {@code [Assistant 1]}, {@code [Assistant 2]}, {@code [System]} with the instructions), with the
 * image attached first in the {@link JudgeStyle#WITH_IMAGE} style.
 *
 * <p>The instruction wording is our own paraphrase of the published prompts: it asks for the same
 * thing (rate helpfulness, relevance, accuracy and detail; one overall 1-10 score per assistant;
 * the two scores alone on the first line, Assistant 1 first; then an impartial explanation). To
 * reproduce a paper's numbers with its exact wording, pass that text to {@link
 * #withInstructions(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatJudgePrompt {
  /** The default system message. */
  public static final String SYSTEM =
      "You are a helpful and precise assistant that checks the quality of answers.";

  /** The default instructions of the text-only style. */
  public static final String TEXT_ONLY_INSTRUCTIONS =
      "Please give feedback on how well two AI assistants answered the user question above. The"
          + " user asked it while looking at an image; since you cannot see the image, it is"
          + " described to you by its caption and by the sentences of the article that mention"
          + " it.\nRate the helpfulness, relevance, accuracy and level of detail of each answer,"
          + " and give each assistant one overall score from 1 to 10, where higher means better."
          + "\nOn the first line, write only the two scores, for Assistant 1 and then Assistant 2,"
          + " separated by a single space. From the second line on, explain your scores"
          + " thoroughly and without bias, making sure that the order in which the answers were"
          + " presented does not influence your judgement.";

  /** The default instructions of the with-image style. */
  public static final String WITH_IMAGE_INSTRUCTIONS =
      "Please assess how well two AI assistants answered a user's question about the attached"
          + " image. Besides the image you are given its caption and the sentences of the article"
          + " that mention it (Figure Context).\nRate the helpfulness, relevance, accuracy and"
          + " level of detail of each answer, and give each assistant one overall score from 1 to"
          + " 10, where higher means better.\nOn the first line, write only the two scores, for"
          + " Assistant 1 and then Assistant 2, separated by a single space. Then justify your"
          + " scores in detail and impartially, making sure that the order in which the answers"
          + " were given does not influence your evaluation.";

  private final JudgeStyle style;
  private final String system;
  private final String instructions;

  private ChatJudgePrompt(JudgeStyle style, String system, String instructions) {
    this.style = style;
    this.system = system;
    this.instructions = instructions;
  }

  /** The prompt of a style with its default wording. */
  public static ChatJudgePrompt of(JudgeStyle style) {
    Objects.requireNonNull(style, "style == null");
    return new ChatJudgePrompt(style, SYSTEM,
        style == JudgeStyle.TEXT_ONLY ? TEXT_ONLY_INSTRUCTIONS : WITH_IMAGE_INSTRUCTIONS);
  }

  /** A copy with other instructions (the {@code [System]} section). */
  public ChatJudgePrompt withInstructions(String newInstructions) {
    return new ChatJudgePrompt(style, system,
        Objects.requireNonNull(newInstructions, "instructions == null"));
  }

  /** A copy with another system message. */
  public ChatJudgePrompt withSystem(String newSystem) {
    return new ChatJudgePrompt(style, Objects.requireNonNull(newSystem, "system == null"),
        instructions);
  }

  /** The style. */
  public JudgeStyle style() {
    return style;
  }

  /** The user text for one question and two answers (Assistant 1 first). */
  public String userText(ChatQuestion q, String answer1, String answer2) {
    StringBuilder sb = new StringBuilder();
    sb.append("[Context]\nFigure Caption:\n");
    if (!q.figLabel().isEmpty()) {
      sb.append(q.figLabel()).append(": ");
    }
    sb.append(q.figCaption()).append("\n\nFigure Context:\n");
    if (q.mentions().isEmpty()) {
      sb.append("\t- (none)\n");
    }
    for (String m : q.mentions()) {
      sb.append("\t- ").append(m).append('\n');
    }
    sb.append("\n[Question]\n").append(q.question()).append("\n\n");
    sb.append("[Assistant 1]\n").append(answer1).append("\n\n[End of Assistant 1]\n\n");
    sb.append("[Assistant 2]\n").append(answer2).append("\n\n[End of Assistant 2]\n\n");
    sb.append("[System]\n").append(instructions).append("\n\n");
    return sb.toString();
  }

  /**
   * The judge request: temperature 0, the system message, then the user message (with the image
   * first in the with-image style).
   *
   * @param image the question's image; required in the with-image style, ignored otherwise
   * @throws IllegalArgumentException when the with-image style has no image
   */
  public ChatRequest request(ChatQuestion q, String answer1, String answer2, ImageRef image) {
    String text = userText(q, answer1, answer2);
    ChatMessage user;
    if (style == JudgeStyle.WITH_IMAGE) {
      if (image == null) {
        throw new IllegalArgumentException(
            "the with-image judge needs the image of question " + q.id() + "; set an image folder");
      }
      user = ChatMessage.user(text, image);
    } else {
      user = ChatMessage.user(text);
    }
    return ChatRequest.builder().addMessage(ChatMessage.system(system)).addMessage(user)
        .temperature(0.0).build();
  }
}
