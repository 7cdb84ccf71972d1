package org.biomedvital.selection.judge;

import java.util.List;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ResponseFormat;

/** The text layout of judge prompts. Package-private. */
final class JudgePrompts {
  private JudgePrompts() {}

  /**
   * The request a model judge sends: the rubric's system message (when it has one), the prompt
   * with the figure's image (when given), temperature 0, a JSON reply of at most {@code maxTokens}.
   */
  static ChatRequest request(Rubric rubric, String prompt, ImageRef image, int maxTokens) {
    ChatRequest.Builder b = ChatRequest.builder();
    if (!rubric.system().isBlank()) {
      b.addMessage(ChatMessage.system(rubric.system()));
    }
    b.addMessage(image == null ? ChatMessage.user(prompt) : ChatMessage.user(prompt, image));
    return b.temperature(0.0).maxTokens(maxTokens).responseFormat(ResponseFormat.JSON_OBJECT).build();
  }

  /** The {@code [Context]} block: caption and inline mentions. */
  static String context(InstructionSample s) {
    StringBuilder sb = new StringBuilder("[Context]\nFigure caption: ");
    sb.append(s.caption().isBlank() ? "(none)" : s.caption().strip());
    if (!s.mentions().isEmpty()) {
      sb.append("\nInline mentions:");
      for (String m : s.mentions()) {
        sb.append("\n- ").append(m.strip());
      }
    }
    return sb.toString();
  }

  /** The Q/A pairs of a candidate under a scope. */
  static String exchange(InstructionSample s, JudgeScope scope) {
    List<QaPair> pairs = scope.pairs(s.conversation());
    StringBuilder sb = new StringBuilder();
    if (pairs.size() == 1) {
      sb.append("Question: ").append(pairs.get(0).question().strip())
          .append("\nAnswer: ").append(pairs.get(0).answer().strip());
      return sb.toString();
    }
    for (QaPair p : pairs) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append("User: ").append(p.question().strip())
          .append("\nAssistant: ").append(p.answer().strip());
    }
    return sb.toString();
  }

  static String pointwise(InstructionSample s, JudgeScope scope, Rubric rubric) {
    return context(s) + "\n\n[Conversation]\n" + exchange(s, scope) + "\n\n[System]\n"
        + rubric.render();
  }

  static String pairwise(InstructionSample first, InstructionSample second, JudgeScope scope,
      Rubric rubric) {
    return context(first) + "\n\n[Candidate 1]\n" + exchange(first, scope)
        + "\n\n[Candidate 2]\n" + exchange(second, scope) + "\n\n[System]\n" + rubric.role()
        + "\nCompare the two candidates instead of scoring them. Criteria:\n"
        + String.join("\n", rubric.criteria())
        + "\n\nReply with one JSON object and nothing else: {\"winner\": \"1\", \"2\" or \"tie\", "
        + "\"rationale\": \"<a short explanation>\"}. If you cannot reply in JSON, write 1, 2 or tie "
        + "alone on the first line.";
  }
}
