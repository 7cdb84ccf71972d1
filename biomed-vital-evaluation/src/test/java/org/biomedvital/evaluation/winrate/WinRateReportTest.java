package org.biomedvital.evaluation.winrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class WinRateReportTest {
  private static final double EPS = 1e-12;

  private static PairJudgement j(String id, String forward, String backward) {
    return new PairJudgement(id, forward, Optional.ofNullable(backward));
  }

  @Test
  void verdictsAreParsedAsTokensAnywhereInTheReply() {
    assertThat(Verdict.parse("[[A]] because...")).contains(Verdict.A);
    assertThat(Verdict.parse("After comparing, my verdict: [[ b ]]")).contains(Verdict.B);
    assertThat(Verdict.parse("[[C]]\nthen [[A]]")).contains(Verdict.TIE);
    assertThat(Verdict.parse("[A] is better")).isEmpty();
    assertThat(Verdict.parse("8 7")).isEmpty();
  }

  @Test
  void bothOrdersCombineBySumOfVerdicts() {
    assertThat(j("1", "[[A]]", "[[B]]").outcome()).isEqualTo(Outcome.WIN);
    assertThat(j("2", "[[B]]", "[[A]]").outcome()).isEqualTo(Outcome.LOSS);
    assertThat(j("3", "[[A]]", "[[A]]").outcome()).isEqualTo(Outcome.TIE);
    assertThat(j("3", "[[A]]", "[[A]]").inconsistent()).isTrue();
    assertThat(j("4", "[[C]]", "[[B]]").outcome()).isEqualTo(Outcome.WIN);
    assertThat(j("5", "none", "[[A]]").outcome()).isEqualTo(Outcome.UNPARSEABLE);
    assertThat(j("6", "[[A]]", "garbled").outcome()).isEqualTo(Outcome.UNPARSEABLE);
    assertThat(j("7", "[[B]]", null).outcome()).isEqualTo(Outcome.LOSS);
    assertThat(j("1", "[[A]]", "[[B]]").inconsistent()).isFalse();
  }

  @Test
  void reportCountsRatesWilsonIntervalsAndTheOfficialTally() {
    List<PairJudgement> js = List.of(
        j("1", "[[A]] A better", "[[B]] B better"),
        j("2", "[[B]] B", "[[A]]"),
        j("3", "[[A]]", "[[A]]"),
        j("4", "[[C]]", "[[B]]"),
        j("5", "nothing decided here", "[[A]]"),
        j("6", "8 9\n[[A]] because", "[[C]]"));

    WinRateReport r = WinRateReport.compute(js);

    assertThat(r.wins()).isEqualTo(3);
    assertThat(r.losses()).isEqualTo(1);
    assertThat(r.ties()).isEqualTo(1);
    assertThat(r.inconsistent()).isEqualTo(1);
    assertThat(r.unparseable()).containsExactly("5");
    assertThat(r.winRate()).isCloseTo(3.5 / 5, within(EPS));
    assertThat(r.winRateExcludingTies()).isCloseTo(0.75, within(EPS));
    assertThat(r.winRateInterval().low()).isCloseTo(0.2987910540723934, within(EPS));
    assertThat(r.winRateInterval().high()).isCloseTo(0.9274159600143366, within(EPS));
    assertThat(r.winRateExcludingTiesInterval().low()).isCloseTo(0.30064184258240184, within(EPS));
    assertThat(r.winRateExcludingTiesInterval().high()).isCloseTo(0.9544127391902995, within(EPS));
    // official: "[[B]] B" compares "[[B]]" > "B" as strings (a win for A); "8 9" is a win for B;
    // every other first line has one or three fields and is a tie.
    assertThat(r.officialWin1()).isEqualTo(1);
    assertThat(r.officialWin2()).isEqualTo(1);
    assertThat(r.officialTie()).isEqualTo(4);
  }

  @Test
  void wilsonIntervalMatchesHandComputedValues() {
    Interval half = Interval.wilson(0.5, 100, Interval.Z95);
    Interval all = Interval.wilson(1.0, 3, Interval.Z95);

    assertThat(half.low()).isCloseTo(0.4038315303659956, within(EPS));
    assertThat(half.high()).isCloseTo(0.5961684696340044, within(EPS));
    assertThat(all.low()).isCloseTo(0.43850296824495455, within(EPS));
    assertThat(all.high()).isEqualTo(1.0);
    assertThat(Interval.wilson(Double.NaN, 0, Interval.Z95).low()).isNaN();
  }

  @Test
  void emptyReportHasNaNRates() {
    WinRateReport r = WinRateReport.compute(List.of());

    assertThat(r.winRate()).isNaN();
    assertThat(r.winRateExcludingTies()).isNaN();
  }
}
