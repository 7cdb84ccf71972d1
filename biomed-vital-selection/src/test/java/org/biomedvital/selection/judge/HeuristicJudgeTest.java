package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(r1.rater()).isEqualTo("heuristic-v2");
  }

  @Test
  void compatScopeLooksAtTheFirstPairOnly() {
    HeuristicJudge compat = HeuristicJudge.of(Rubric.clinicianDefault(), JudgeScope.COMPAT);

    assertThat(compat.measure(Samples.leaky("b")).answers()).isEqualTo(1);
    assertThat(compat.measure(Samples.leaky("b")).diversity()).isEqualTo(1.0);
  }

  @Test
  void anAnswerThatContradictsItsCaptionIsRatedLowerAndTheRationaleSaysWhy() {
    // the grounded sample with one fact changed: the lesion moves to the left lobe on MRI
    InstructionSample contradicting = Samples.sample("x",
        "What abnormality is visible in the liver?",
        "There is a hypodense lesion in the left lobe of the liver with peripheral enhancement, "
            + "a pattern typical of a hepatic abscess on contrast-enhanced MRI.",
        "How might this lesion be treated?",
        "A hepatic abscess of this size is commonly drained percutaneously under imaging "
            + "guidance, together with antibiotics chosen for the likely organisms.");
    Rating faithful = judge.rate(Samples.grounded("a"), null);
    Rating wrong = judge.rate(contradicting, null);

    assertThat(judge.measure(Samples.grounded("a")).contradicting()).isZero();
    assertThat(faithful.rationale()).doesNotContain("contradict");
    assertThat(judge.measure(contradicting).contradicting()).isEqualTo(1);
    assertThat(wrong.score()).isLessThanOrEqualTo(faithful.score() - 2.0);
    assertThat(wrong.rationale()).contains("1/2 answers contradict the figure's text")
        .contains("answer 1: laterality: the answer says left (liver lobe), the caption says right (liver lobe)")
        .contains("answer 1: modality: the answer says mri, the caption says ct");
  }

  @Test
  void lexiconSettingExtendsTheChecksAndUnknownSettingsAreRefused(@TempDir Path dir) throws IOException {
    Path lexicon = dir.resolve("lexicon.tsv");
    Files.writeString(lexicon, "modality\toct\toptical coherence tomography\n");
    PreferenceJudge extended = Providers.preferenceJudge("heuristic",
        ProviderSettings.of("lexicon", lexicon.toString()));
    InstructionSample oct = Samples.sample("o", "What modality is this?",
        "This is an optical coherence tomography image of a hepatic lesion with peripheral enhancement.");

    assertThat(extended.rate(oct, null).rationale()).contains("modality: the answer says oct, the caption says ct");
    assertThat(judge.rate(oct, null).rationale()).doesNotContain("modality");
    assertThatThrownBy(() -> Providers.preferenceJudge("heuristic", ProviderSettings.of("lexicons", "x")))
        .hasMessageContaining("lexicons").hasMessageContaining("lexicon");
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
