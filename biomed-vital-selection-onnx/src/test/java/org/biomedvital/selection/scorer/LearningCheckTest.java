package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.onnx.MiniLmEmbedder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning check: trained on clinician-style pairs built from 40 of the 58 real demonstrations,
 * the MiniLM scorer must prefer the real conversation over each corrupted one for at least 90% of
 * the pairs of the 18 held-out figures.
 */
final class LearningCheckTest {
  private static final Logger LOG = LoggerFactory.getLogger(LearningCheckTest.class);

  @Test
  void clinicianAlignmentOnHeldOutFiguresIsAtLeastNinetyPercent() {
    List<Demonstration> all = ClinicianNegatives.demonstrations();
    List<Demonstration> train = all.subList(0, 40);
    List<Demonstration> heldOut = all.subList(40, all.size());
    List<PreferencePair> trainPairs = ClinicianNegatives.pairs(train, all);
    List<PreferencePair> testPairs = ClinicianNegatives.pairs(heldOut, all);

    Map<String, Double> metrics;
    try (MiniLmEmbedder embedder = MiniLmEmbedder.create(128, 1);
        MlpScorer scorer = MlpScorer.builder().embedder(embedder)
            .config(ScorerConfig.builder().epochs(30).batchSize(16).patience(0).build()).build()) {
      long t0 = System.nanoTime();
      scorer.fit(new PreferenceDataset(trainPairs, List.of()), TrainingListener.NONE);
      LOG.info("fit took {} ms", (System.nanoTime() - t0) / 1_000_000);
      metrics = ScorerMetrics.compute(testPairs, scorer::score);
      for (String kind : ClinicianNegatives.KINDS) {
        List<PreferencePair> ofKind = testPairs.stream().filter(p -> p.id().endsWith("/" + kind)).toList();
        LOG.info("held-out alignment on {} negatives: {}", kind,
            ScorerMetrics.compute(ofKind, scorer::score).get(ScorerMetrics.CLINICIAN_ALIGNMENT));
      }
    }

    LOG.info("held-out metrics: {}", metrics);
    assertThat(heldOut).hasSizeGreaterThanOrEqualTo(17);
    assertThat(metrics.get(ScorerMetrics.PAIRS)).isEqualTo(testPairs.size());
    assertThat(metrics.get(ScorerMetrics.CLINICIAN_ALIGNMENT)).isGreaterThanOrEqualTo(0.9);
  }
}
