package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.clinical.FactChecker;
import org.biomedvital.selection.embed.CachingEmbedder;
import org.biomedvital.selection.onnx.MiniLmEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning check of the clinical consistency features: negatives are real answers of the
 * clinician demonstrations with one clinical fact flipped ({@link FactFlips}: laterality, modality,
 * plane, negation, size), next to the {@link ClinicianNegatives} kinds. Three folds over DISJOINT
 * figures (figure {@code i} is held out in fold {@code i mod 3}); the MiniLM scorer is trained on
 * the other two folds' pairs and must rank the real conversation above each held-out negative.
 * The same folds are trained again with the clinical features off (the ablation, today's scorer),
 * and both are logged per kind.
 */
final class FactFlipLearningCheckTest {
  private static final Logger LOG = LoggerFactory.getLogger(FactFlipLearningCheckTest.class);
  private static final int FOLDS = 3;

  @TempDir Path cache;

  /** Held-out results of one configuration: kind to {ranked right, cases}. */
  private Map<String, int[]> crossValidate(List<Demonstration> all, CachingEmbedder embedder, boolean clinical) {
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Demonstration> train = new ArrayList<>();
      List<Demonstration> test = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        (i % FOLDS == fold ? test : train).add(all.get(i));
      }
      List<PreferencePair> trainPairs = new ArrayList<>(ClinicianNegatives.pairs(train, all));
      FactFlips.cases(train).forEach(c -> trainPairs.add(c.asPair()));
      List<PreferencePair> testPairs = new ArrayList<>(ClinicianNegatives.pairs(test, all));
      FactFlips.cases(test).forEach(c -> testPairs.add(c.asPair()));
      try (MlpScorer scorer = MlpScorer.builder().embedder(embedder)
          .config(ScorerConfig.builder().epochs(12).batchSize(32).patience(0).clinicalFeatures(clinical).build())
          .build()) {
        scorer.fit(new PreferenceDataset(trainPairs, List.of()), TrainingListener.NONE);
        for (PreferencePair p : testPairs) {
          String kind = p.id().split("/")[1];
          if (FactFlips.KINDS.contains(kind)) {
            kind += flagged(p) ? "+flagged" : "+unflagged";
          }
          int[] n = byKind.computeIfAbsent(kind, k -> new int[2]);
          n[1]++;
          if (scorer.score(p.chosen()) > scorer.score(p.rejected())) {
            n[0]++;
          }
        }
      }
    }
    return byKind;
  }

  private static final FactChecker CHECKER = FactChecker.create();

  /** Whether the fact checker alone sees the flip (more contradictions than the real conversation). */
  private static boolean flagged(PreferencePair p) {
    return count(p.rejected()) > count(p.chosen());
  }

  private static int count(org.biomedvital.data.InstructionSample s) {
    int n = 0;
    for (FactChecker.PairCheck c : CHECKER.check(s)) {
      n += c.contradictions().size() + c.withOtherAnswers().contradictions().size();
    }
    return n;
  }

  /** Right and all over kinds; a flip kind counts both its flagged and unflagged cases. */
  private static double rate(Map<String, int[]> byKind, List<String> kinds) {
    int right = 0;
    int all = 0;
    for (Map.Entry<String, int[]> e : byKind.entrySet()) {
      if (kinds.contains(e.getKey().split("\\+")[0])) {
        right += e.getValue()[0];
        all += e.getValue()[1];
      }
    }
    return all == 0 ? Double.NaN : (double) right / all;
  }

  private static int cases(Map<String, int[]> byKind, String kind) {
    int all = 0;
    for (Map.Entry<String, int[]> e : byKind.entrySet()) {
      if (e.getKey().split("\\+")[0].equals(kind)) {
        all += e.getValue()[1];
      }
    }
    return all;
  }

  private static String table(Map<String, int[]> byKind) {
    StringBuilder sb = new StringBuilder();
    byKind.forEach((k, n) -> sb.append(String.format(Locale.ROOT, "%s %d/%d = %.2f; ", k, n[0], n[1],
        (double) n[0] / n[1])));
    return sb.toString();
  }

  @Test
  void singleFactFlipsRankBelowTheRealAnswerOnHeldOutFigures() {
    List<Demonstration> all = ClinicianNegatives.demonstrations();
    Map<String, int[]> with;
    Map<String, int[]> without;
    try (MiniLmEmbedder minilm = MiniLmEmbedder.create(128, 1);
        CachingEmbedder embedder = CachingEmbedder.wrap(minilm, cache)) {
      long t0 = System.nanoTime();
      with = crossValidate(all, embedder, true);
      long t1 = System.nanoTime();
      without = crossValidate(all, embedder, false);
      LOG.info("with clinical features ({} ms): {}", (t1 - t0) / 1_000_000, table(with));
      LOG.info("without (ablation, {} ms): {}", (System.nanoTime() - t1) / 1_000_000, table(without));
    }
    LOG.info("flips overall: with {} / without {}", rate(with, FactFlips.KINDS), rate(without, FactFlips.KINDS));
    for (String kind : FactFlips.KINDS) {
      LOG.info("{}: with {} / without {} ({} cases)", kind, rate(with, List.of(kind)), rate(without, List.of(kind)),
          cases(with, kind));
    }

    // Issue 19's target is 0.90 overall and 0.80 per kind with >= 10 cases. Measured (2026-12-04, after
    // sides anchored both ways, scale nouns and open questions' presuppositions): 0.90 overall (322/356),
    // laterality 0.90, modality 0.97, negation 0.87, size 0.92, plane 0.89 (9 cases). Asserted is that
    // less a case or two of training noise, so a regression fails.
    double flipsWith = rate(with, FactFlips.KINDS);
    assertThat(flipsWith).isGreaterThanOrEqualTo(0.89);
    assertThat(rate(with, List.of("laterality"))).isGreaterThanOrEqualTo(0.85);
    assertThat(rate(with, List.of("modality"))).isGreaterThanOrEqualTo(0.94);
    assertThat(rate(with, List.of("negation"))).isGreaterThanOrEqualTo(0.85);
    assertThat(rate(with, List.of("size"))).isGreaterThanOrEqualTo(0.86);
    assertThat(flipsWith).isGreaterThanOrEqualTo(rate(without, FactFlips.KINDS) + 0.06);
    assertThat(rate(with, List.of("laterality"))).isGreaterThanOrEqualTo(rate(without, List.of("laterality")) + 0.3);
    for (String kind : FactFlips.KINDS) {
      if (cases(with, kind) >= 10) {
        assertThat(rate(with, List.of(kind))).as(kind).isGreaterThanOrEqualTo(0.8);
      }
    }
    for (String kind : List.of("swapped", "truncated", "refusal")) {
      assertThat(rate(with, List.of(kind))).as(kind).isGreaterThanOrEqualTo(rate(without, List.of(kind)) - 0.05);
    }
  }
}
