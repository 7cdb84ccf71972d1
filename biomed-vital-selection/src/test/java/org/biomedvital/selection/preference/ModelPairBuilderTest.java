package org.biomedvital.selection.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PreferenceDataset;
import org.junit.jupiter.api.Test;

final class ModelPairBuilderTest {

  @Test
  void defaultsAreThePapers() {
    List<RatedSample> items = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      items.add(Rated.of("s" + i, "f" + i, i % 5 * 2));
    }

    PreferenceDataset d = ModelPairBuilder.builder().sameFigurePairs(false).build().build(items);

    assertThat(d.train()).hasSize(30_000);
    assertThat(d.validation()).hasSize(10_000);
    assertThat(d.train().get(0).id()).isEqualTo("model-s42-train-000000");
  }

  @Test
  void levelsWithOneItemAreRejectedAndTrainUsesTheFirstEightyPercent() {
    List<RatedSample> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(Rated.of("low" + i, "f" + i, 2));
      items.add(Rated.of("high" + i, "g" + i, 8));
    }
    items.add(Rated.of("lonely", "h", 5));

    PreferenceDataset d = ModelPairBuilder.builder().trainPairs(500).testPairs(200)
        .sameFigurePairs(false).build().build(items);

    List<PreferencePair> all = new ArrayList<>(d.train());
    all.addAll(d.validation());
    assertThat(all).noneMatch(p -> p.chosen().id().equals("lonely") || p.rejected().id().equals("lonely"));
    assertThat(d.train()).allMatch(p -> p.chosen().id().startsWith("high"));
    assertThat(d.train().stream().map(p -> p.chosen().id()).distinct().count()).isEqualTo(8);
    assertThat(d.validation().stream().map(p -> p.chosen().id()).distinct().count()).isEqualTo(2);
  }

  @Test
  void tooFewLevelsIsAClearError() {
    List<RatedSample> items = List.of(Rated.of("a", "f", 3), Rated.of("b", "g", 3),
        Rated.of("c", "h", 7));

    assertThatThrownBy(() -> ModelPairBuilder.builder().build().build(items))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("cannot build model pairs: 3 ratings give 1 score level(s) with at least 2 "
            + "items (levels [3, 7]); need 2 or more such levels; rate more candidates");
  }

  @Test
  void sameFigureCandidatesWithDifferentScoresMakePairsInOneSplit() {
    List<RatedSample> items = List.of(Rated.of("f1#0", "f1", 9), Rated.of("f1#1", "f1", 4),
        Rated.of("f1#2", "f1", 2), Rated.of("f1#3", "f1", 2));

    PreferenceDataset d = ModelPairBuilder.builder().trainPairs(0).testPairs(0).build().build(items);

    List<PreferencePair> all = new ArrayList<>(d.train());
    all.addAll(d.validation());
    // f1#2 and f1#3 share level 2, which puts one in train and one in test: a pair may hold only
    // items of one split, so exactly one of the pairs with them survives per partner.
    assertThat(all).extracting(PreferencePair::id)
        .contains("model-fig-f1#0>f1#1")
        .doesNotContain("model-fig-f1#2>f1#3")
        .hasSize(3);
  }
}
