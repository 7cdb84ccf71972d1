package org.biomedvital.selection.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;
import org.junit.jupiter.api.Test;

final class PreferenceMixerTest {

  @Test
  void paperHumanSharesForFiftyClinicianPairsAmongThirtyThousand() {
    assertThat(PreferenceMixer.expectedHumanShare(50, 1, 30_000)).isCloseTo(0.00166, within(1e-5));
    assertThat(PreferenceMixer.expectedHumanShare(50, 100, 30_000)).isCloseTo(0.142857, within(1e-6));
    assertThat(PreferenceMixer.expectedHumanShare(50, 400, 30_000)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void clinicianPairsGetTheWeightAndTheShareIsReported() {
    List<PreferencePair> model = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      model.add(pair("m" + i, PreferenceSource.MODEL));
    }
    List<PreferencePair> human = List.of(pair("h1", PreferenceSource.CLINICIAN),
        pair("h2", PreferenceSource.CLINICIAN));

    PreferenceDataset d = PreferenceMixer.mix(new PreferenceDataset(model, List.of()), human, 100);

    assertThat(d.train()).hasSize(302);
    assertThat(d.train().get(301).weight()).isEqualTo(100.0);
    assertThat(d.train().get(0).weight()).isEqualTo(1.0);
    assertThat(d.humanShare()).isEqualTo(PreferenceMixer.expectedHumanShare(2, 100, 300));
    assertThat(PreferenceMixer.describe(d)).isEqualTo("train: 302 pairs (2 clinician, 300 model); "
        + "test: 0 pairs (0 clinician, 0 model); human share of the loss mass: 40.00%");
  }

  @Test
  void modelPairsCannotBeWeightedAsHuman() {
    assertThatThrownBy(() -> PreferenceMixer.mix(new PreferenceDataset(List.of(), List.of()),
        List.of(pair("m", PreferenceSource.MODEL)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pair m is a MODEL pair; only clinician pairs get the human weight");
  }

  private static PreferencePair pair(String id, PreferenceSource source) {
    return PreferencePair.of(id, Rated.of(id + "a", "f", 8).sample(), Rated.of(id + "b", "f", 2).sample(),
        source);
  }
}
