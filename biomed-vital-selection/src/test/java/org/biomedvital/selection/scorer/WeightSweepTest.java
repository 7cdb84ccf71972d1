package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.junit.jupiter.api.Test;

final class WeightSweepTest {
  @Test
  void trainsOncePerWeightAndKeepsTheBestByValidationAlignment() {
    PreferenceDataset data = SyntheticPairs.dataset(90, 30, 11);
    List<MlpScorer> created = new ArrayList<>();
    ScorerConfig config = ScorerConfig.builder().hidden(List.of(16)).epochs(3).batchSize(16).patience(0).build();

    try (WeightSweep.Result result = WeightSweep.run(data, List.of(1.0, 10.0, 100.0), w -> {
      MlpScorer s = MlpScorer.builder().embedder(HashingEmbedder.create(32)).config(config).build();
      created.add(s);
      return s;
    }, TrainingListener.NONE)) {
      assertThat(result.rows()).extracting(WeightSweep.Row::weight).containsExactly(1.0, 10.0, 100.0);
      assertThat(result.rows().get(0).humanShare()).isLessThan(result.rows().get(2).humanShare());
      double bestAlignment = result.rows().stream()
          .mapToDouble(r -> r.metric(ScorerMetrics.CLINICIAN_ALIGNMENT)).max().orElseThrow();
      assertThat(result.best().metric(ScorerMetrics.CLINICIAN_ALIGNMENT)).isEqualTo(bestAlignment);
      assertThat(created).contains(result.scorer());
      assertThat(WeightSweep.table(result.rows())).contains("clinician_alignment").contains("100.0");
      for (MlpScorer s : created) {
        if (s != result.scorer()) {
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.score(data.train().get(0).chosen()))
              .hasMessage("scorer is closed");
        }
      }
    }
  }

  @Test
  void reweightChangesOnlyClinicianTrainingPairs() {
    PreferenceDataset data = SyntheticPairs.dataset(30, 6, 12);

    PreferenceDataset w = WeightSweep.reweight(data, 250);

    for (PreferencePair p : w.train()) {
      assertThat(p.weight()).isEqualTo(p.source() == PreferenceSource.CLINICIAN ? 250 : 1);
    }
    assertThat(w.validation()).isEqualTo(data.validation());
  }
}
