package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.UnparseableReplyException;
import org.biomedvital.selection.PairwiseVerdict.Winner;
import org.junit.jupiter.api.Test;

final class ReplyParserTest {
  @Test
  void readsJsonScoreAndRationale() {
    ReplyParser.ParsedScore s = ReplyParser.score("{\"score\": 8, \"rationale\": \"accurate\"}", 10);

    assertThat(s.score()).isEqualTo(8.0);
    assertThat(s.rationale()).isEqualTo("accurate");
  }

  @Test
  void readsJsonInsideACodeFence() {
    String reply = "```json\n{\"score\": \"7\", \"explanation\": \"fine\"}\n```";

    assertThat(ReplyParser.score(reply, 10)).isEqualTo(new ReplyParser.ParsedScore(7, "fine"));
  }

  @Test
  void fallsBackToTheFirstNumberOfTheFirstLine() {
    assertThat(ReplyParser.score("\n6\nThe answer is vague.", 10))
        .isEqualTo(new ReplyParser.ParsedScore(6, "The answer is vague."));
    assertThat(ReplyParser.score("Score: 9/10", 10).score()).isEqualTo(9.0);
  }

  @Test
  void unparseableReplyKeepsTheRawTextAndGivesNoScore() {
    String reply = "An excellent answer.\nScore 9";

    assertThatThrownBy(() -> ReplyParser.score(reply, 10))
        .isInstanceOfSatisfying(UnparseableReplyException.class,
            e -> assertThat(e.rawReply()).isEqualTo(reply))
        .hasMessage("judge reply has no JSON object and no number on its first line");
  }

  @Test
  void jsonWithoutScoreDoesNotFallBackToNumbersInTheRationale() {
    assertThatThrownBy(() -> ReplyParser.score("{\"rationale\": \"3 findings\"}", 10))
        .isInstanceOf(UnparseableReplyException.class)
        .hasMessage("judge replied with JSON but without a numeric 'score' field");
  }

  @Test
  void scoreOutsideTheScaleIsUnparseable() {
    assertThatThrownBy(() -> ReplyParser.score("11", 10))
        .isInstanceOf(UnparseableReplyException.class)
        .hasMessage("judge score 11.0 is outside the scale 0..10");
  }

  @Test
  void readsVerdicts() {
    assertThat(ReplyParser.verdict("{\"winner\": \"2\", \"rationale\": \"r\"}").winner())
        .isEqualTo(Winner.B);
    assertThat(ReplyParser.verdict("{\"winner\": \"tie\"}").winner()).isEqualTo(Winner.TIE);
    assertThat(ReplyParser.verdict("Candidate 1 is better\nbecause").winner()).isEqualTo(Winner.A);
    assertThat(ReplyParser.verdict("[[2]]").winner()).isEqualTo(Winner.B);
    assertThatThrownBy(() -> ReplyParser.verdict("both are good"))
        .isInstanceOf(UnparseableReplyException.class);
  }
}
