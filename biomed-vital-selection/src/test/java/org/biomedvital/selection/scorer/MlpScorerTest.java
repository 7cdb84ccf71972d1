package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.biomedvital.selection.clinical.ConsistencyFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MlpScorerTest {
  @TempDir Path dir;

  private static ScorerConfig small() {
    return ScorerConfig.builder().hidden(List.of(32, 32)).epochs(8).batchSize(16).learningRate(3e-3)
        .patience(0).scoringBatchSize(7).build();
  }

  @Test
  void learnsThePreferenceAndReportsEveryEpoch() {
    PreferenceDataset data = SyntheticPairs.dataset(120, 60, 1);
    List<EpochMetrics> seen = new ArrayList<>();

    try (MlpScorer scorer = MlpScorer.builder().embedder(HashingEmbedder.create(64)).config(small()).build()) {
      TrainingReport report = scorer.fit(data, TrainingListener.onEachEpoch(seen::add));

      assertThat(seen).hasSize(8).isEqualTo(report.epochs());
      assertThat(seen.get(7).trainLoss()).isLessThan(seen.get(0).trainLoss());
      assertThat(report.finalMetrics()).containsKeys(ScorerMetrics.MODEL_PAIR_ACCURACY,
          ScorerMetrics.CLINICIAN_ALIGNMENT, ScorerMetrics.ROC_AUC, ScorerMetrics.MEAN_RANK,
          ScorerMetrics.VALIDATION_LOSS);
      assertThat(report.finalMetrics().get(ScorerMetrics.CLINICIAN_ALIGNMENT)).isEqualTo(1.0);
      assertThat(report.finalMetrics().get(ScorerMetrics.MODEL_PAIR_ACCURACY)).isEqualTo(1.0);
      assertThat(report.finalMetrics().get(ScorerMetrics.ROC_AUC)).isEqualTo(1.0);
      assertThat(report.finalMetrics().get(ScorerMetrics.MEAN_RANK)).isLessThan(0.3);
      Random r = new Random(99);
      assertThat(scorer.score(SyntheticPairs.good(1000, r))).isGreaterThan(scorer.score(SyntheticPairs.bad(1000, r)));
    }
  }

  @Test
  void aSavedScorerLoadsAndGivesIdenticalScores() throws Exception {
    PreferenceDataset data = SyntheticPairs.dataset(60, 20, 2);
    Path pairsFile = Files.writeString(dir.resolve("pairs.jsonl"), "{}\n");
    List<InstructionSample> probe = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 20; i++) {
      probe.add(i % 2 == 0 ? SyntheticPairs.good(i, r) : SyntheticPairs.bad(i, r));
    }
    HashingEmbedder embedder = HashingEmbedder.create(64);
    double[] before;
    try (MlpScorer scorer = MlpScorer.builder().embedder(embedder).embedderSpec("hashing:64")
        .config(small()).trainingFile(pairsFile).build()) {
      scorer.fit(data, TrainingListener.NONE);
      before = scorer.scoreAll(probe);
      scorer.save(dir.resolve("scorer"));
    }

    ModelCard card = ModelCard.read(dir.resolve("scorer"));
    try (MlpScorer loaded = MlpScorer.load(dir.resolve("scorer"), embedder, null)) {
      assertThat(loaded.scoreAll(probe)).containsExactly(before);
    }
    assertThat(card.embedderId()).isEqualTo("hashing-64");
    assertThat(card.embedderSpec()).isEqualTo("hashing:64");
    // the embedding features, then the clinical consistency features (on by default)
    assertThat(card.inputDimension()).isEqualTo(3 * 64 + 2 + ConsistencyFeatures.LENGTH);
    assertThat(card.config()).isEqualTo(small());
    assertThat(card.trainingFiles()).containsOnlyKeys("pairs.jsonl");
    assertThat(card.trainingFiles().get("pairs.jsonl")).hasSize(64);
    assertThat(card.history()).hasSize(8);
    assertThat(card.finalMetrics()).containsKey(ScorerMetrics.CLINICIAN_ALIGNMENT);
    assertThat(card.dataset()).containsEntry("train_pairs", 60.0).containsEntry("human_weight", 10.0);
    assertThat(Files.readString(dir.resolve("scorer").resolve(ModelCard.FILE_NAME)))
        .contains("\"loss\" : \"bt\"").contains("\"hidden_layers\" : [ 32, 32 ]")
        .contains("\"clinical_features\" : true").contains("\"contradict_laterality\"")
        .contains("\"clinical_learning_check\"");
  }

  @Test
  void clinicalFeaturesAreAppendedAfterTheEmbeddingAndCanBeSwitchedOff() throws Exception {
    HashingEmbedder embedder = HashingEmbedder.create(16);
    try (MlpScorer on = MlpScorer.builder().embedder(embedder).config(small()).build();
        MlpScorer off = MlpScorer.builder().embedder(embedder)
            .config(small().toBuilder().clinicalFeatures(false).build()).build()) {
      assertThat(on.inputDimension()).isEqualTo(3 * 16 + 2 + ConsistencyFeatures.LENGTH);
      assertThat(off.inputDimension()).isEqualTo(3 * 16 + 2);
      off.fit(SyntheticPairs.dataset(20, 0, 3), TrainingListener.NONE);
      off.save(dir);
    }
    // a card without the key (written before the features existed) describes a scorer without them
    Path cardFile = dir.resolve(ModelCard.FILE_NAME);
    String json = Files.readString(cardFile);
    assertThat(json).contains("\"clinical_features\" : false,");
    Files.writeString(cardFile, json.replace("\"clinical_features\" : false,", ""));
    ModelCard card = ModelCard.read(dir);
    assertThat(card.config().clinicalFeatures()).isFalse();
    try (MlpScorer loaded = MlpScorer.load(dir, embedder, null)) {
      assertThat(loaded.inputDimension()).isEqualTo(3 * 16 + 2);
    }
    try (MlpScorer joined = MlpScorer.builder().embedder(embedder)
        .config(small().toBuilder().textMode(TextMode.JOINED).build()).build()) {
      assertThat(joined.inputDimension()).isEqualTo(16);
    }
  }

  @Test
  void loadingWithAnotherEmbedderIsRefused() {
    try (MlpScorer scorer = MlpScorer.builder().embedder(HashingEmbedder.create(16)).config(small()).build()) {
      scorer.fit(SyntheticPairs.dataset(20, 0, 3), TrainingListener.NONE);
      scorer.save(dir);
    }

    assertThatThrownBy(() -> MlpScorer.load(dir, HashingEmbedder.create(32), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scorer in " + dir + " was trained with embedder 'hashing-16' but 'hashing-32' was given;"
            + " create it from spec 'hashing-16'");
  }

  @Test
  void earlyStoppingKeepsTheEpochWithTheLowestValidationLoss() {
    ScorerConfig config = small().toBuilder().epochs(40).patience(2).learningRate(1e-2).hidden(List.of(128, 128)).build();

    try (MlpScorer scorer = MlpScorer.builder().embedder(HashingEmbedder.create(64)).config(config).build()) {
      PreferenceDataset data = SyntheticPairs.dataset(60, 40, 4, 0.4);
      TrainingReport report = scorer.fit(data, TrainingListener.NONE);
      double loss = 0;
      for (var p : data.validation()) {
        loss += p.weight() * Math.log1p(Math.exp(scorer.score(p.rejected()) - scorer.score(p.chosen())));
      }
      loss /= data.validation().size();

      assertThat(report.epochs().size()).isLessThan(40);
      EpochMetrics best = report.epochs().stream()
          .min(java.util.Comparator.comparingDouble(e -> e.metrics().get(ScorerMetrics.VALIDATION_LOSS)))
          .orElseThrow();
      assertThat(report.finalMetrics()).isEqualTo(best.metrics());
      assertThat(best.epoch()).isLessThan(report.epochs().size());
      assertThat(loss).isCloseTo(best.metrics().get(ScorerMetrics.VALIDATION_LOSS),
          org.assertj.core.data.Offset.offset(1e-4));
      assertThat(scorer.card().orElseThrow().bestEpoch()).isEqualTo(best.epoch());
    }
  }

  @Test
  void hingeLossTrainsAndGivesScoresInsideTheUnitInterval() {
    ScorerConfig config = small().toBuilder().loss(PairLoss.HINGE).textMode(TextMode.COMPAT).build();

    try (MlpScorer scorer = MlpScorer.builder().embedder(HashingEmbedder.create(64)).config(config).build()) {
      TrainingReport report = scorer.fit(SyntheticPairs.dataset(120, 40, 5), TrainingListener.NONE);
      Random r = new Random(1);
      double good = scorer.score(SyntheticPairs.good(1, r));
      double bad = scorer.score(SyntheticPairs.bad(2, r));

      assertThat(report.finalMetrics().get(ScorerMetrics.CLINICIAN_ALIGNMENT)).isGreaterThan(0.9);
      assertThat(good).isBetween(0.0, 1.0).isGreaterThan(bad);
      assertThat(bad).isBetween(0.0, 1.0);
    }
  }

  @Test
  void sameSeedSameScores() {
    double[] a;
    double[] b;
    List<InstructionSample> probe = List.of(SyntheticPairs.good(1, new Random(1)), SyntheticPairs.bad(1, new Random(1)));
    try (MlpScorer s = MlpScorer.builder().embedder(HashingEmbedder.create(32)).config(small()).build()) {
      s.fit(SyntheticPairs.dataset(30, 10, 6), TrainingListener.NONE);
      a = s.scoreAll(probe);
    }
    try (MlpScorer s = MlpScorer.builder().embedder(HashingEmbedder.create(32)).config(small()).build()) {
      s.fit(SyntheticPairs.dataset(30, 10, 6), TrainingListener.NONE);
      b = s.scoreAll(probe);
    }

    assertThat(b).containsExactly(a);
  }

  @Test
  void refusesToScoreBeforeTrainingAndToTrainOnNothing() {
    try (MlpScorer s = MlpScorer.builder().embedder(HashingEmbedder.create(8)).build()) {
      assertThatThrownBy(() -> s.score(SyntheticPairs.good(1, new Random(1))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("scorer is not trained; call fit(...) or MlpScorer.load(...)");
      assertThatThrownBy(() -> s.fit(new PreferenceDataset(List.of(), List.of()), TrainingListener.NONE))
          .isInstanceOf(ScorerTrainingException.class);
    }
  }

  @Test
  void buildCallsNoEmbedderAndLoadsNoEngineUntilFirstUse() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    HashingEmbedder hashing = HashingEmbedder.create(16);
    org.biomedvital.model.Embedder counting = new org.biomedvital.model.Embedder() {
      @Override
      public float[] embed(org.biomedvital.model.EmbeddingInput input) {
        calls.incrementAndGet();
        return hashing.embed(input);
      }

      @Override
      public String id() {
        return hashing.id();
      }
    };
    // a GPU that is not there would fail at once if build() loaded the engine
    ScorerConfig gpu = small().toBuilder().device(ScorerDevice.GPU).build();
    try (MlpScorer scorer = MlpScorer.builder().embedder(counting).config(gpu).build()) {
      assertThat(calls).hasValue(0);
      assertThat(scorer.inputDimension()).isEqualTo(3 * 16 + 2 + ConsistencyFeatures.LENGTH);
      assertThat(calls).hasValue(1);
    }
    try (MlpScorer scorer = MlpScorer.builder().embedder(counting).config(small()).build()) {
      assertThatThrownBy(() -> scorer.score(SyntheticPairs.good(1, new Random(1))))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("not trained");
    }
  }

  @Test
  void toBuilderKeepsEverySettingAndBuildsAFreshScorer() {
    HashingEmbedder e = HashingEmbedder.create(16);
    ScorerConfig joined = small().toBuilder().textMode(TextMode.JOINED).build();
    try (MlpScorer a = MlpScorer.builder().embedder(e).embedderSpec("hashing-16").config(joined)
            .rememberedTexts(10).build();
        MlpScorer b = a.toBuilder().build()) {
      assertThat(b.config()).isEqualTo(a.config());
      assertThat(b.embedder()).isSameAs(e);
      assertThat(b.inputDimension()).isEqualTo(a.inputDimension());
      b.fit(SyntheticPairs.dataset(20, 10, 3), TrainingListener.NONE);
      assertThat(b.card().orElseThrow().embedderSpec()).isEqualTo("hashing-16");
      assertThat(a.card()).isEmpty();
    }
  }

  @Test
  void deviceIsAClosedChoiceWrittenByItsName() {
    assertThat(ScorerDevice.parse(" CPU ")).isEqualTo(ScorerDevice.CPU);
    assertThat(ScorerConfig.DEFAULT.device()).isEqualTo(ScorerDevice.AUTO);
    assertThat(ScorerConfig.DEFAULT.toString()).contains("device=auto");
    assertThatThrownBy(() -> ScorerDevice.parse("tpu")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device must be auto, cpu or gpu but was 'tpu'");
  }
}
