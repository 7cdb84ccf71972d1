package org.biomedvital.generation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Role;
import org.biomedvital.generation.prompt.OutputMode;
import org.junit.jupiter.api.Test;

final class ConversationParserTest {
  private final ConversationParser parser = ConversationParser.defaults();

  @Test
  void keepsContinuationLinesOfMultiParagraphAnswers() {
    Conversation c = parser.parseText("User: What is shown?\n"
        + "Assistant: An axial CT.\n\nThe lesion is hypodense.\n- margins are smooth\n"
        + "User: Any effusion?\nAssistant: No.");

    assertThat(c.size()).isEqualTo(4);
    assertThat(c.turns().get(1).text())
        .isEqualTo("An axial CT.\n\nThe lesion is hypodense.\n- margins are smooth");
  }

  @Test
  void toleratesMarkdownDecorationAndAPreamble() {
    Conversation c = parser.parseText("Sure! Here is the conversation:\n\n"
        + "**User:** What modality?\n**Assistant:** MRI, T2-weighted.\n"
        + "### User: Which organ?\n- Assistant: The brain.\n"
        + "1. Human: Is there a mass?\n2. GPT: Yes, in the left frontal lobe.");

    assertThat(c.turns()).extracting(t -> t.text()).containsExactly("What modality?",
        "MRI, T2-weighted.", "Which organ?", "The brain.", "Is there a mass?",
        "Yes, in the left frontal lobe.");
  }

  @Test
  void dropsALeadingAssistantTurnAndATrailingQuestion() {
    Conversation c = parser.parseText("Assistant: Happy to help.\nUser: Q1?\nAssistant: A1.\n"
        + "User: Q2 without answer?");

    assertThat(c.turns()).extracting(t -> t.role()).containsExactly(Role.HUMAN, Role.GPT);
  }

  @Test
  void rejectsRepliesWithoutTurnsOrThatDoNotAlternateKeepingTheRawText() {
    assertThatThrownBy(() -> parser.parseText("I'm sorry, I can't help with that."))
        .isInstanceOfSatisfying(UnparseableReplyException.class,
            e -> assertThat(e.rawReply()).isEqualTo("I'm sorry, I can't help with that."))
        .hasMessageContaining("no \"User:\"/\"Assistant:\" turns");
    assertThatThrownBy(() -> parser.parseText("User: a\nUser: b\nAssistant: c"))
        .isInstanceOf(UnparseableReplyException.class).hasMessageContaining("roles must alternate");
    assertThatThrownBy(() -> parser.parseText(""))
        .isInstanceOf(UnparseableReplyException.class).hasMessage("the reply is empty");
    assertThatThrownBy(() -> ConversationParser.withMinTurns(4).parseText("User: a\nAssistant: b"))
        .isInstanceOf(UnparseableReplyException.class)
        .hasMessage("the reply has 2 complete turns but at least 4 are required");
  }

  @Test
  void parsesJsonRepliesInFencesAndWithRoleContentKeys() {
    Conversation a = parser.parse("```json\n{\"conversations\": [{\"from\": \"human\", \"value\":"
        + " \"What is it?\"}, {\"from\": \"gpt\", \"value\": \"A CT.\"}]}\n```", OutputMode.JSON);
    Conversation b = parser.parse("[{\"role\":\"user\",\"content\":\"Q\"},"
        + "{\"role\":\"assistant\",\"content\":\"A\"}]", OutputMode.JSON);
    Conversation c = parser.parse("User: Q\nAssistant: A", OutputMode.JSON);

    assertThat(a).isEqualTo(Conversation.of("What is it?", "A CT."));
    assertThat(b).isEqualTo(Conversation.of("Q", "A"));
    assertThat(c).isEqualTo(Conversation.of("Q", "A"));
  }
}
