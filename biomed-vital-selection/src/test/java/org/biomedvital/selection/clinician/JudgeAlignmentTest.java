package org.biomedvital.selection.clinician;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Rating;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PreferenceJudge;
import org.junit.jupiter.api.Test;

final class JudgeAlignmentTest {

  @Test
  void wilsonIntervalMatchesTheTextbookValue() {
    // 8 of 10 at 95%: (0.4902, 0.9433).
    double[] ci = JudgeAlignment.wilson(8, 10, JudgeAlignment.Z95);

    assertThat(ci[0]).isCloseTo(0.4902, within(1e-4));
    assertThat(ci[1]).isCloseTo(0.9433, within(1e-4));
    assertThat(JudgeAlignment.wilson(0, 0, JudgeAlignment.Z95)).containsExactly(0, 1);
  }

  @Test
  void pointwiseJudgeIsAlignedWhenItScoresTheClinicianChoiceHigher() {
    List<PreferencePair> pairs = List.of(pair("p1", "long good answer", "bad"),
        pair("p2", "ok", "long rejected answer"), pair("p3", "same", "tied"),
        pair("p4", "fails", "x"));
    // Scores by answer length; "same"/"tied" are both 4 characters; "fails" cannot be parsed.
    PreferenceJudge byLength = (s, img) -> {
      String answer = s.conversation().pairs().get(0).answer();
      if (answer.equals("fails")) {
        throw new UnparseableReplyException("no score", "??");
      }
      return new Rating(s.id(), Math.min(10, answer.length() / 2.0), 10, "r", "len", "");
    };

    JudgeAlignment.Report r = JudgeAlignment.pointwise(byLength, pairs, s -> null);

    assertThat(r.pairs()).isEqualTo(3);
    assertThat(r.aligned()).isEqualTo(1);
    assertThat(r.ties()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.rate()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.describe()).startsWith("judge-clinician alignment 0.333 (95% CI 0.061-0.792)");
  }

  @Test
  void pairwiseJudgeIsAlignedWhenItNamesTheChosenAnswer() {
    List<PreferencePair> pairs = List.of(pair("p1", "a", "b"), pair("p2", "c", "d"));

    JudgeAlignment.Report r = JudgeAlignment.pairwise(
        (a, b, img) -> new PairwiseVerdict(a.id().equals(pairs.get(0).chosen().id())
            ? PairwiseVerdict.Winner.A : PairwiseVerdict.Winner.B, true, ""), pairs, s -> null);

    assertThat(r.aligned()).isEqualTo(1);
    assertThat(r.pairs()).isEqualTo(2);
  }

  private static PreferencePair pair(String id, String chosen, String rejected) {
    return new PreferencePair(id, AnswerSamples.of("f.jpg", "", List.of(), "q", chosen),
        AnswerSamples.of("f.jpg", "", List.of(), "q", rejected), PreferenceSource.CLINICIAN, "dr",
        1, Map.of());
  }
}
