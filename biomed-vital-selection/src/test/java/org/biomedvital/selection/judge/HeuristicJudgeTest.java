package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.biomedvital.data.Rating;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class HeuristicJudgeTest {
  private final HeuristicJudge judge = HeuristicJudge.create();

  @Test
  void groundedAnswersOutscoreCaptionLeaksAndLeaksOutscoreRefusals() {
    double grounded = judge.rate(Samples.grounded("a"), null).score();
    double leaky = judge.rate(Samples.leaky("b"), null).score();
    double refusing = judge.rate(Samples.refusing("c"), null).score();

    assertThat(grounded).isGreaterThan(8.0);
    assertThat(leaky).isLessThan(grounded - 2);
    assertThat(refusing).isLessThan(2.0);
  }

  @Test
  void measuresEachPartOfTheRubric() {
    HeuristicJudge.Breakdown b = judge.measure(Samples.leaky("b"));

    assertThat(b.answers()).isEqualTo(2);
    assertThat(b.leaks()).isEqualTo(2);
    assertThat(b.refusals()).isZero();
    assertThat(b.diversity()).isEqualTo(0.5);
    assertThat(b.explain()).isEqualTo(
        "grounding 0.83, length 0.95, diversity 0.50, caption leaks 2/2, refusals 0/2");
  }

  @Test
  void isDeterministicAndRecordsRubricAndRater() {
    Rating r1 = judge.rate(Samples.grounded("a"), null);
    Rating r2 = HeuristicJudge.create().rate(Samples.grounded("a"), null);

    assertThat(r1).isEqualTo(r2);
    assertThat(r1.rubricId()).isEqualTo("biomed-vital-clinician@1");
    assertThat(r1.rater()).isEqualTo("heuristic-v1");
  }

  @Test
  void compatScopeLooksAtTheFirstPairOnly() {
    HeuristicJudge compat = HeuristicJudge.of(Rubric.clinicianDefault(), JudgeScope.COMPAT);

    assertThat(compat.measure(Samples.leaky("b")).answers()).isEqualTo(1);
    assertThat(compat.measure(Samples.leaky("b")).diversity()).isEqualTo(1.0);
  }

  @Test
  void unansweredConversationScoresZero() {
    Rating r = judge.rate(Samples.sample("q", "Only a question?"), null);

    assertThat(r.score()).isZero();
    assertThat(r.rationale()).isEqualTo("no answered question");
  }

  @Test
  void registeredAsHeuristicProvider() {
    PreferenceJudge found = Providers.preferenceJudge("heuristic",
        ProviderSettings.of("scope", "compat"));

    assertThat(found).hasToString("HeuristicJudge{rubric=biomed-vital-clinician@1, scope=compat}");
  }
}
