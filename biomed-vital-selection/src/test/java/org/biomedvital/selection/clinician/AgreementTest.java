package org.biomedvital.selection.clinician;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.junit.jupiter.api.Test;

final class AgreementTest {
  // Ten items; A prefers the first answer on items 1-6, B on items 1-4 and 7.
  // Agreement po = 7/10; chance pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7-0.5)/0.5 = 0.4.
  static final List<String> A = List.of("F", "F", "F", "F", "F", "F", "S", "S", "S", "S");
  static final List<String> B = List.of("F", "F", "F", "F", "S", "S", "F", "S", "S", "S");

  @Test
  void cohensKappaMatchesTheHandComputedValue() {
    assertThat(Agreement.cohensKappa(A, B)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void krippendorffAlphaMatchesTheHandComputedValueForTwoCoders() {
    // Coincidences: o_FF = 8, o_SS = 6, o_FS = o_SF = 3; n_F = 11, n_S = 9, n = 20.
    // alpha = 1 - (n-1) * 6 / (2 * 11 * 9) = 1 - 114/198 = 14/33.
    List<List<String>> units = new ArrayList<>();
    for (int i = 0; i < A.size(); i++) {
      units.add(List.of(A.get(i), B.get(i)));
    }

    assertThat(Agreement.krippendorffAlpha(units)).isCloseTo(14.0 / 33, within(1e-12));
  }

  @Test
  void krippendorffAlphaHandlesThreeCodersAndMissingLabels() {
    // u1 = F,F,F adds o_FF 3; u2 = F,S adds o_FS 1 and o_SF 1; u3 = S,S,F adds o_SS 1, o_SF 1,
    // o_FS 1; u4 has one label and does not count. n_F = 5, n_S = 3, n = 8.
    // alpha = 1 - 7 * 4 / (2 * 5 * 3) = 1/15.
    List<List<String>> units = List.of(List.of("F", "F", "F"), List.of("F", "S"),
        List.of("S", "S", "F"), List.of("S"));

    assertThat(Agreement.krippendorffAlpha(units)).isCloseTo(1.0 / 15, within(1e-12));
  }

  @Test
  void undefinedWhenThereIsNoVariation() {
    assertThat(Agreement.cohensKappa(List.of("F", "F"), List.of("F", "F"))).isNaN();
    assertThat(Agreement.krippendorffAlpha(List.of(List.of("F", "F")))).isNaN();
  }

  @Test
  void reportCountsAnnotatorsAndAgreesWithTheStatisticsOnSharedItems() {
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < A.size(); i++) {
      pairs.add(pair("a" + i, i, A.get(i), "dr-a"));
      pairs.add(pair("b" + i, i, B.get(i), "dr-b"));
    }
    pairs.add(pair("c0", 0, "F", "dr-c"));
    pairs.add(pair("c99", 99, "F", "dr-c"));

    Agreement.Report r = Agreement.of(pairs);

    assertThat(r.pairsPerAnnotator()).isEqualTo(Map.of("dr-a", 10, "dr-b", 10, "dr-c", 2));
    assertThat(r.items()).isEqualTo(11);
    assertThat(r.sharedItems()).isEqualTo(10);
    assertThat(r.kappaPerAnnotatorPair().get("dr-a vs dr-b")).isCloseTo(0.4, within(1e-12));
    assertThat(r.sharedPerAnnotatorPair()).containsEntry("dr-a vs dr-c", 1);
    assertThat(r.describe()).contains("dr-a vs dr-b", "0.400 (10)", "Krippendorff's alpha");
    assertThat(r.toJson()).contains("\"pairs_per_annotator\":{\"dr-a\":10,\"dr-b\":10,\"dr-c\":2}");
  }

  private static PreferencePair pair(String id, int item, String label, String annotator) {
    InstructionSample first = AnswerSamples.of("img" + item + ".jpg", "", List.of(), "q", "answer one");
    InstructionSample second = AnswerSamples.of("img" + item + ".jpg", "", List.of(), "q", "answer two");
    boolean firstIsSmaller = first.id().compareTo(second.id()) < 0;
    InstructionSample lo = firstIsSmaller ? first : second;
    InstructionSample hi = firstIsSmaller ? second : first;
    return new PreferencePair(id, label.equals("F") ? lo : hi, label.equals("F") ? hi : lo,
        PreferenceSource.CLINICIAN, annotator, 1, Map.of());
  }
}
