package org.biomedvital.selection.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.ProviderNotFoundException;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.SelectionScorerProvider;
import org.biomedvital.spi.TrainableScorerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersConfigTest {

  private static InstructionSample sample(String id, Domain domain, String answer) {
    return InstructionSample.builder().id(id).image(id + ".jpg").domains(Set.of(domain))
        .caption("Chest radiograph with a nodule in the right upper lobe.")
        .conversation(Conversation.of("Where is the nodule?", answer)).build();
  }

  @Test
  void djlMlpTrainsSavesAndReloadsThroughTheLoadSetting(@TempDir Path dir) {
    ProviderSettings settings = ProviderSettings.of("embedder", "hashing:64", "epochs", "8",
        "hidden", "16", "learning-rate", "0.01", "batch-size", "4");
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pairs.add(PreferencePair.of("p" + i,
          sample("good" + i, Domain.CHEST_XRAY, "The nodule is in the right upper lobe."),
          sample("bad" + i, Domain.CHEST_XRAY, "I cannot see images."), PreferenceSource.CLINICIAN));
    }
    InstructionSample probe = sample("probe", Domain.CHEST_XRAY, "It is in the right upper lobe.");
    double trained;
    try (TrainableScorer scorer = Providers.trainableScorer("djl-mlp", settings)) {
      scorer.fit(new PreferenceDataset(pairs, List.of()), TrainingListener.NONE);
      assertThat(scorer.score(pairs.get(0).chosen())).isGreaterThan(scorer.score(pairs.get(0).rejected()));
      trained = scorer.score(probe);
      scorer.save(dir);
    }

    SelectionScorer loaded =
        Providers.selectionScorer("djl-mlp", settings.with("load", dir.toString()));

    try {
      assertThat(loaded.score(probe)).isEqualTo(trained);
    } finally {
      ((TrainableScorer) loaded).close();
    }
  }

  @Test
  void djlMlpIsFoundAsATrainableScorerAndStillAsASelectionScorer() {
    assertThat(Providers.available(TrainableScorerProvider.class)).containsOnlyKeys("djl-mlp");
    assertThat(Providers.available(TrainableScorerProvider.class).get("djl-mlp"))
        .isInstanceOf(MlpScorerProvider.class);
    assertThat(Providers.available(SelectionScorerProvider.class)).containsKey("djl-mlp");
    assertThat(Providers.describe())
        .contains("TrainableScorerProvider:\n   * djl-mlp (" + MlpScorerProvider.class.getName() + ")");

    try (TrainableScorer scorer = Providers.trainableScorer("djl-mlp",
        ProviderSettings.of("embedder", "hashing:16", "hidden", "8"))) {
      assertThat(scorer.toString()).contains("MlpScorer");
      assertThatThrownBy(() -> scorer.score(sample("s", Domain.CHEST_XRAY, "a")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("not trained");
    }
  }

  @Test
  void anUnknownTrainableScorerListsTheAvailableOnes() {
    assertThatThrownBy(() -> Providers.trainableScorer("random", ProviderSettings.of()))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("No TrainableScorerProvider named 'random'")
        .hasMessageContaining("* djl-mlp (" + MlpScorerProvider.class.getName() + ")");
  }

  @Test
  void aTrainableScorerRefusesAnUnknownSetting() {
    assertThatThrownBy(() -> Providers.trainableScorer("djl-mlp",
        ProviderSettings.of("embedder", "hashing", "epoch", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch");
  }

  @Test
  void djlMlpRejectsAnUnknownLossNamingTheAllowedValues() {
    assertThatThrownBy(() -> Providers.selectionScorer("djl-mlp",
        ProviderSettings.of("embedder", "hashing", "loss", "mse")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting 'loss' must be bt or hinge but was 'mse'");
  }

  @Test
  void djlMlpAcceptsTheDeviceNamesAndRejectsOthers() {
    assertThat(MlpScorerProvider.config(ProviderSettings.of("device", "CPU")).device())
        .isEqualTo(org.biomedvital.selection.scorer.ScorerDevice.CPU);
    assertThat(MlpScorerProvider.config(ProviderSettings.of("device", "gpu")).device())
        .isEqualTo(org.biomedvital.selection.scorer.ScorerDevice.GPU);
    assertThatThrownBy(() -> Providers.selectionScorer("djl-mlp",
        ProviderSettings.of("embedder", "hashing", "device", "cuda")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting 'device' must be auto, cpu or gpu but was 'cuda'");
  }

  @Test
  void topFractionWithPoolQuotaKeepsTheDomainMix() {
    List<ScoredSample> scored = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      scored.add(new ScoredSample(sample("x" + i, Domain.CHEST_XRAY, "a"), 100 + i));
      scored.add(new ScoredSample(sample("c" + i, Domain.CT_SCAN, "a"), i));
    }
    Selector global = Providers.selector("top-fraction", ProviderSettings.of("fraction", "0.5"));
    Selector quota = Providers.selector("top-fraction",
        ProviderSettings.of("fraction", "0.5", "per-domain-quota", "pool"));

    assertThat(global.select(scored)).hasSize(10)
        .allMatch(s -> s.sample().domains().contains(Domain.CHEST_XRAY));
    assertThat(quota.select(scored)).hasSize(10)
        .filteredOn(s -> s.sample().domains().contains(Domain.CT_SCAN)).hasSize(5);
    assertThatThrownBy(() -> Providers.selector("top-fraction",
        ProviderSettings.of("per-domain-quota", "some")))
        .hasMessage("setting 'per-domain-quota' must be pool or none but was 'some'");
  }
}
