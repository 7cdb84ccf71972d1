package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class JudgeScoresTest {

  @Test
  void compatNeedsExactlyTwoSingleSpaceSeparatedNumbersOnTheFirstLine() {
    assertThat(JudgeScores.parseCompat("8 7\nAssistant 1 is more detailed."))
        .contains(new JudgeScores(8, 7));
    assertThat(JudgeScores.parseCompat("8.5 6\r\nwhy")).contains(new JudgeScores(8.5, 6));
    assertThat(JudgeScores.parseCompat("8  7")).isEmpty();
    assertThat(JudgeScores.parseCompat("8, 7")).isEmpty();
    assertThat(JudgeScores.parseCompat("\n8 7")).isEmpty();
    assertThat(JudgeScores.parseCompat("Scores: 8 7")).isEmpty();
    assertThat(JudgeScores.parseCompat("1_0 7")).contains(new JudgeScores(10, 7));
  }

  @Test
  void correctedFindsTwoNumbersOnTheFirstNonBlankLine() {
    assertThat(JudgeScores.parse("\n  8, 7\nbecause")).contains(new JudgeScores(8, 7));
    assertThat(JudgeScores.parse("**9** **4**")).contains(new JudgeScores(9, 4));
    assertThat(JudgeScores.parse("Assistant 1: 8/10, Assistant 2: 6/10")).isEmpty();
    assertThat(JudgeScores.parse("Assistant 1: 8 Assistant 2: 6.5")).contains(new JudgeScores(8, 6.5));
    assertThat(JudgeScores.parse("I would rate them 8 and 7 and 6")).isEmpty();
    assertThat(JudgeScores.parse("11 7")).isEqualTo(Optional.empty());
    assertThat(JudgeScores.parse("")).isEmpty();
  }
}
