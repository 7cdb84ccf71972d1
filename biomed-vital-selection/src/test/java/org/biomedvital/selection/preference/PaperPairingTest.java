package org.biomedvital.selection.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Rating;
import org.biomedvital.pipeline.PairingInput;
import org.biomedvital.selection.PreferenceDataset;
import org.junit.jupiter.api.Test;

final class PaperPairingTest {

  @Test
  void buildsLevelPairsWithTheRunSeedAndKeepsWeightedClinicianPairsInTraining() {
    List<InstructionSample> candidates = new ArrayList<>();
    List<Rating> ratings = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RatedSample r = Rated.of("s" + i, "f" + i, i % 2 == 0 ? 2 : 8);
      candidates.add(r.sample());
      ratings.add(r.rating());
    }
    PreferencePair human = new PreferencePair("h", candidates.get(1), candidates.get(0),
        PreferenceSource.CLINICIAN, "dr", 100, Map.of());
    PaperPairing pairing = PaperPairing.of(ModelPairBuilder.builder().trainPairs(40).testPairs(10)
        .build());

    PreferenceDataset a = pairing.pair(new PairingInput(candidates, ratings, List.of(human), 7));
    PreferenceDataset b = pairing.pair(new PairingInput(candidates, ratings, List.of(human), 7));

    assertThat(a).isEqualTo(b);
    assertThat(a.train()).hasSize(41).contains(human);
    assertThat(a.validation()).hasSize(10);
    assertThat(a.train().get(0).id()).startsWith("model-s7-train-");
    assertThat(a.humanShare()).isEqualTo(100.0 / 140);
  }
}
