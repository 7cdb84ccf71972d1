package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PairwiseVerdict.Winner;
import org.biomedvital.testing.FakeVisionChatModel;
import org.junit.jupiter.api.Test;

final class ModelPairwiseJudgeTest {
  private final InstructionSample good = Samples.grounded("good");
  private final InstructionSample bad = Samples.leaky("bad");

  @Test
  void asksInBothOrdersAndKeepsAConsistentWinner() {
    // Prefers whichever candidate holds the grounded answer, wherever it is shown.
    FakeVisionChatModel model = FakeVisionChatModel.answering(r -> {
      String t = r.messages().get(r.messages().size() - 1).text();
      return t.indexOf("peripheral enhancement, a pattern") < t.indexOf("[Candidate 2]")
          ? "{\"winner\": \"1\", \"rationale\": \"grounded\"}" : "{\"winner\": \"2\"}";
    });
    ModelPairwiseJudge judge = ModelPairwiseJudge.builder().model(model).build();

    PairwiseVerdict v = judge.compare(good, bad, null);

    assertThat(v).isEqualTo(new PairwiseVerdict(Winner.A, true, "grounded"));
    assertThat(model.requests()).hasSize(2);
    String first = model.requests().get(0).messages().get(1).text();
    String second = model.requests().get(1).messages().get(1).text();
    assertThat(first.indexOf("the caption says")).isGreaterThan(first.indexOf("[Candidate 2]"));
    assertThat(second.indexOf("the caption says")).isLessThan(second.indexOf("[Candidate 2]"));
    assertThat(judge.flipRate()).isZero();
  }

  @Test
  void positionBiasedJudgeGivesATieAndCountsAFlip() {
    ModelPairwiseJudge judge = ModelPairwiseJudge.builder()
        .model(FakeVisionChatModel.answering(r -> "1")).build();

    PairwiseVerdict v1 = judge.compare(good, bad, null);
    ModelPairwiseJudge fair = ModelPairwiseJudge.builder()
        .model(FakeVisionChatModel.answering(r -> "tie")).build();
    PairwiseVerdict v2 = fair.compare(good, bad, null);

    assertThat(v1.winner()).isEqualTo(Winner.TIE);
    assertThat(v1.positionConsistent()).isFalse();
    assertThat(judge.flipRate()).isEqualTo(1.0);
    assertThat(v2.winner()).isEqualTo(Winner.TIE);
    assertThat(v2.positionConsistent()).isTrue();
    assertThat(fair.flipRate()).isZero();
  }

  @Test
  void toBuilderKeepsTheSettingsAndStartsFreshCounters() {
    FakeVisionChatModel model = FakeVisionChatModel.answering(r -> "1");
    ModelPairwiseJudge biased = ModelPairwiseJudge.builder().model(model).maxTokens(77)
        .scope(JudgeScope.COMPAT).build();
    biased.compare(good, bad, null);

    ModelPairwiseJudge copy = biased.toBuilder().build();
    assertThat(copy.comparisons()).isZero();
    copy.compare(good, bad, null);

    assertThat(model.requests()).hasSize(4);
    assertThat(model.requests().get(2).maxTokens()).hasValue(77);
    assertThat(model.requests().get(2)).isEqualTo(model.requests().get(0));
    assertThat(copy.flipRate()).isEqualTo(biased.flipRate());
  }
}
