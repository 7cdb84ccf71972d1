package org.biomedvital.evaluation.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.biomedvital.evaluation.internal.PyText;
import org.quicktheories.core.Gen;
import org.junit.jupiter.api.Test;

final class TextMetricsProperties {
  private static final String[] VOCAB = {"yes", "no", "normal", "left", "lung", "the", "x-ray",
      "1,000", "3.5", "(left)", "no.", "dont", "one", "a", "liver", "?", "mass;", "x"};

  private static Gen<String> sentences() {
    return lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 3)
        .mix(org.quicktheories.generators.Generate.pick(List.of(VOCAB)), 70))
        .ofSizeBetween(0, 10).map(ws -> String.join(" ", ws));
  }

  @Test
  void bleuIsAlwaysWithinZeroAndOne() {
    qt().forAll(sentences(), sentences()).checkAssert((ref, hyp) -> {
      List<String> r = PyText.split(ref);
      List<String> h = PyText.split(hyp);
      for (double[] w : List.of(Bleu.DEFAULT_WEIGHTS, new double[] {1, 0, 0, 0},
          new double[] {0, 1, 0, 0}, new double[] {0, 0, 1, 0})) {
        assertThat(Bleu.singleReference(r, h, w)).isBetween(0.0, 1.0);
      }
    });
  }

  @Test
  void aPredictionEqualToTheReferenceHasFullRecallInBothModes() {
    qt().forAll(sentences()).checkAssert(s -> {
      List<String> tokens = TokenMetrics.tokens(s);
      if (!tokens.isEmpty()) {
        assertThat(TokenMetrics.overlap(tokens, tokens).f1()).isEqualTo(1.0);
      }
      String normalized = VqaNormalizer.normalize(s);
      if (!normalized.isEmpty()) {
        assertThat(TokenMetrics.overlapCompat(normalized, normalized).recall()).isEqualTo(1.0);
      }
    });
  }

  @Test
  void compatRecallIsNeverBelowClippedRecallOnTheSameTokens() {
    // the prediction's counts of shared words are at least the clipped counts
    qt().forAll(sentences(), sentences()).checkAssert((ref, pred) -> {
      String r = VqaNormalizer.normalize(VqaNormalizer.normalize(ref));
      String p = VqaNormalizer.normalize(VqaNormalizer.normalize(pred));
      List<String> rt = PyText.split(r);
      List<String> pt = PyText.split(p);
      assertThat(TokenMetrics.overlapCompat(p, r).recall())
          .isGreaterThanOrEqualTo(TokenMetrics.overlap(pt, rt).recall() - 1e-12);
    });
  }

  @Test
  void normalisedTextHasNoCommasAndSingleSpaces() {
    qt().forAll(sentences()).checkAssert(s -> {
      String n = VqaNormalizer.normalize(s);
      assertThat(n).doesNotContain(",").doesNotContain("  ").isEqualTo(n.strip());
    });
  }
}
