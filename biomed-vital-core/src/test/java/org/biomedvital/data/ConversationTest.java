package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ConversationTest {

  @Test
  void acceptsAlternatingTurnsStartingWithHuman() {
    Conversation c = Conversation.of("q1", "a1", "q2", "a2", "q3");

    assertThat(c.size()).isEqualTo(5);
    assertThat(c.pairs()).containsExactly(new QaPair("q1", "a1"), new QaPair("q2", "a2"));
  }

  @Test
  void rejectsAConversationStartingWithTheAssistantNamingTurnZero() {
    assertThatThrownBy(() -> new Conversation(List.of(Turn.gpt("a"), Turn.human("q"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("turn 0 must be from 'human' but is from 'gpt'");
  }

  @Test
  void rejectsARepeatedRoleNamingTheOffendingTurnIndex() {
    List<Turn> turns =
        List.of(Turn.human("q1"), Turn.gpt("a1"), Turn.human("q2"), Turn.human("q3"));

    assertThatThrownBy(() -> new Conversation(turns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("turn 3 repeats role 'human'; roles must alternate human/gpt");
  }

  @Test
  void reportsEveryProblemEachWithItsTurnIndex() {
    List<Turn> turns = List.of(Turn.gpt("a0"), Turn.gpt("a1"), Turn.human("q"), Turn.human("q2"));

    assertThat(Conversation.problems(turns)).containsExactly(
        "turn 0 must be from 'human' but is from 'gpt'",
        "turn 1 repeats role 'gpt'; roles must alternate human/gpt",
        "turn 3 repeats role 'human'; roles must alternate human/gpt");
  }

  @Test
  void rejectsAnEmptyConversation() {
    assertThatThrownBy(() -> new Conversation(List.of()))
        .hasMessage("conversation must have at least one turn but has none");
  }

  @Test
  void placesExactlyOneImageTokenInTheFirstHumanTurn() {
    Conversation c = Conversation.of("<image>\nWhat is shown?", "A CT scan.", "Where?", "Left <image>");

    Conversation prefixed = c.withImageToken(true);
    Conversation suffixed = c.withImageToken(false);

    assertThat(prefixed.turns().get(0).text()).isEqualTo("<image>\nWhat is shown?");
    assertThat(suffixed.turns().get(0).text()).isEqualTo("What is shown?\n<image>");
    assertThat(prefixed.imageTokenCount()).isEqualTo(1);
    assertThat(suffixed.turns().get(3).text()).isEqualTo("Left");
    assertThat(c.imageTokenCount()).isEqualTo(2);
    assertThat(c.withoutImageToken().hasImageToken()).isFalse();
  }

  @Test
  void isImmutable() {
    List<Turn> turns = new java.util.ArrayList<>(List.of(Turn.human("q"), Turn.gpt("a")));
    Conversation c = new Conversation(turns);

    turns.add(Turn.human("later"));

    assertThat(c.size()).isEqualTo(2);
    assertThatThrownBy(() -> c.turns().add(Turn.human("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
