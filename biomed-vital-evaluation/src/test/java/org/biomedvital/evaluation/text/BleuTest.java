package org.biomedvital.evaluation.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

final class BleuTest {
  private static final List<String> REF = List.of("the", "cat", "sat", "on", "mat");

  @Test
  void shortHypothesisIsPenalisedByExpOneMinusRefOverHyp() {
    List<String> hyp = List.of("the", "cat", "sat");
    double bp = Math.exp(1 - 5.0 / 3);

    assertThat(Bleu.singleReference(REF, hyp, 1, 0, 0, 0)).isCloseTo(bp, within(1e-15));
    assertThat(Bleu.singleReference(REF, hyp, 0, 1, 0, 0)).isCloseTo(bp, within(1e-15));
    assertThat(Bleu.singleReference(REF, hyp, 0, 0, 1, 0)).isCloseTo(bp, within(1e-15));
  }

  @Test
  void anUnmatchedOrderWithWeightGivesNltksTinyValueNotZero() {
    List<String> hyp = List.of("the", "cat", "sat");
    // p1 = p2 = p3 = 1, p4 = 0/0 -> 2.2250738585072014E-308; 0.25 * log of that, times the BP.
    double expected = Math.exp(1 - 5.0 / 3) * Math.exp(0.25 * Math.log(Double.MIN_NORMAL));

    double bleu = Bleu.singleReference(REF, hyp, Bleu.DEFAULT_WEIGHTS);

    assertThat(bleu).isCloseTo(6.2705618118895185e-78, within(1e-90)).isEqualTo(expected);
    assertThat(Bleu.singleReference(List.of("x", "y"), List.of("x"), 0, 1, 0, 0))
        .isCloseTo(8.18558927632837e-309, within(1e-320)).isGreaterThan(0);
  }

  @Test
  void noUnigramMatchOrEmptyHypothesisIsExactlyZero() {
    assertThat(Bleu.singleReference(REF, List.of("dog"), 1, 0, 0, 0)).isZero();
    assertThat(Bleu.singleReference(REF, List.of(), 1, 0, 0, 0)).isZero();
  }

  @Test
  void countsAreClippedByTheReference() {
    List<String> hyp = List.of("liver", "liver", "kidney");

    assertThat(Bleu.singleReference(List.of("liver"), hyp, 1, 0, 0, 0))
        .isCloseTo(1.0 / 3, within(1e-15));
  }

  @Test
  void modifiedPrecisionsPerOrder() {
    List<String> ref = List.of("chest", "x", "ray");
    List<String> hyp = List.of("this", "is", "chest", "x", "ray", "image", "of", "lungs");

    assertThat(Bleu.singleReference(ref, hyp, 1, 0, 0, 0)).isCloseTo(3.0 / 8, within(1e-15));
    assertThat(Bleu.singleReference(ref, hyp, 0, 1, 0, 0)).isCloseTo(2.0 / 7, within(1e-15));
    assertThat(Bleu.singleReference(ref, hyp, 0, 0, 1, 0)).isCloseTo(1.0 / 6, within(1e-15));
    assertThat(Bleu.singleReference(ref, hyp, Bleu.DEFAULT_WEIGHTS))
        .isCloseTo(4.4646672960328985e-78, within(1e-90));
  }

  @Test
  void closestReferenceLengthTiesGoToTheShorterReference() {
    List<List<String>> refs = List.of(List.of("a", "b", "c", "d"), List.of("a", "b"));

    assertThat(Bleu.sentenceBleu(refs, List.of("a", "b", "c"), 1, 0, 0, 0)).isEqualTo(1.0);
    assertThat(Bleu.sentenceBleu(
        List.of(List.of("a", "b", "c", "d"), List.of("a", "b", "z")), List.of("a", "b"), 1))
        .isCloseTo(Math.exp(-0.5), within(1e-15));
  }
}
