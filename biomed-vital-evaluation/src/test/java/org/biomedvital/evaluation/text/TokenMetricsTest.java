package org.biomedvital.evaluation.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

final class TokenMetricsTest {

  @Test
  void compatOverlapCountsThePredictionsRepeatsAsTruePositives() {
    Overlap o = TokenMetrics.overlapCompat("x b b", "b c");

    // tp = 2 (both b's of the prediction), fp = 1 (x), fn = 1 (c)
    assertThat(o.precision()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(o.recall()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(o.f1()).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void correctedOverlapClipsCounts() {
    Overlap o = TokenMetrics.overlap(List.of("x", "b", "b"), List.of("b", "c"));

    assertThat(o.precision()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(o.recall()).isCloseTo(1.0 / 2, within(1e-15));
    assertThat(o.f1()).isCloseTo(0.4, within(1e-15));
  }

  @Test
  void compatOverlapIsZeroWhenEitherSideIsEmptyOrNothingIsShared() {
    assertThat(TokenMetrics.overlapCompat("", "liver")).isEqualTo(Overlap.ZERO);
    assertThat(TokenMetrics.overlapCompat("liver", "the")).isEqualTo(Overlap.ZERO);
    assertThat(TokenMetrics.overlapCompat("lungs", "lung")).isEqualTo(Overlap.ZERO);
  }

  @Test
  void compatExactMatchIsDistinctReferenceWordsOverPredictionTokens() {
    assertThat(TokenMetrics.exactMatchCompat("x b b", "b c")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(TokenMetrics.exactMatchCompat("chest x ray chest", "chest x ray"))
        .isCloseTo(3.0 / 4, within(1e-15));
    assertThat(TokenMetrics.exactMatchCompat("", "liver")).isZero();
  }

  @Test
  void cleanTokensTrimEdgePunctuationAfterNormalisation() {
    assertThat(TokenMetrics.tokens("No: the lesion's edge ('yes').")).containsExactly("no", "lesion's", "edge", "yes");
  }

  @Test
  void containsTokensMatchesWholeTokensOnly() {
    assertThat(TokenMetrics.containsTokens(List.of("is", "normal"), List.of("no"))).isFalse();
    assertThat(TokenMetrics.containsTokens(List.of("left", "lower", "lobe"), List.of("lower", "lobe"))).isTrue();
    assertThat(TokenMetrics.containsTokens(List.of("a"), List.of())).isFalse();
  }
}
