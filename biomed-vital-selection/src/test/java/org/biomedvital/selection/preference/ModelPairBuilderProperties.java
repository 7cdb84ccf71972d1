package org.biomedvital.selection.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PreferenceDataset;
import org.junit.jupiter.api.Test;

final class ModelPairBuilderProperties {

  @Test
  void noItemIsInBothTrainAndTest() {
    qt().withExamples(60)
        .forAll(lists().of(integers().between(0, 10)).ofSizeBetween(2, 80),
            integers().between(1, 9), longs().all())
        .assuming((scores, figures, seed) -> eligibleLevels(scores) >= 2)
        .checkAssert((scores, figures, seed) -> {
          PreferenceDataset d = builder(seed).build(Rated.scores(scores, figures));

          Set<String> train = items(d.train());
          Set<String> test = items(d.validation());
          train.retainAll(test);
          assertThat(train).isEmpty();
        });
  }

  @Test
  void levelPairCountsAreExactAndTheHigherLevelIsChosen() {
    qt().withExamples(60)
        .forAll(lists().of(integers().between(0, 10)).ofSizeBetween(2, 80),
            integers().between(0, 300), longs().all())
        .assuming((scores, n, seed) -> eligibleLevels(scores) >= 2)
        .checkAssert((scores, n, seed) -> {
          PreferenceDataset d = ModelPairBuilder.builder().trainPairs(n).testPairs(n / 3)
              .seed(seed).sameFigurePairs(false).build().build(Rated.scores(scores, 3));

          assertThat(d.train()).hasSize(n);
          assertThat(d.validation()).hasSize(n / 3);
          for (PreferencePair p : d.train()) {
            assertThat(Math.round(Double.parseDouble(p.attributes().get("chosen_score"))))
                .isGreaterThan(Math.round(Double.parseDouble(p.attributes().get("rejected_score"))));
          }
        });
  }

  @Test
  void sameSeedGivesTheSamePairsWhateverTheInputOrder() {
    qt().withExamples(40)
        .forAll(lists().of(integers().between(0, 10)).ofSizeBetween(2, 60), longs().all())
        .assuming((scores, seed) -> eligibleLevels(scores) >= 2)
        .checkAssert((scores, seed) -> {
          List<RatedSample> items = Rated.scores(scores, 4);
          List<RatedSample> shuffled = new ArrayList<>(items);
          Collections.shuffle(shuffled, new Random(seed));

          PreferenceDataset a = builder(seed).build(items);
          PreferenceDataset b = builder(seed).build(shuffled);

          assertThat(b).isEqualTo(a);
        });
  }

  @Test
  void sameFigurePairsPreferTheHigherScore() {
    qt().withExamples(40)
        .forAll(lists().of(integers().between(0, 10)).ofSizeBetween(2, 60), longs().all())
        .assuming((scores, seed) -> eligibleLevels(scores) >= 2)
        .checkAssert((scores, seed) -> {
          PreferenceDataset d = builder(seed).build(Rated.scores(scores, 2));

          List<PreferencePair> all = new ArrayList<>(d.train());
          all.addAll(d.validation());
          all.stream().filter(p -> p.attributes().get("kind").equals("same-figure")).forEach(p -> {
            assertThat(p.chosen().figureId()).isEqualTo(p.rejected().figureId());
            assertThat(Double.parseDouble(p.attributes().get("chosen_score")))
                .isGreaterThan(Double.parseDouble(p.attributes().get("rejected_score")));
          });
        });
  }

  private static ModelPairBuilder builder(long seed) {
    return ModelPairBuilder.builder().trainPairs(50).testPairs(20).seed(seed).build();
  }

  private static Set<String> items(List<PreferencePair> pairs) {
    Set<String> out = new HashSet<>();
    for (PreferencePair p : pairs) {
      out.add(p.chosen().id());
      out.add(p.rejected().id());
    }
    return out;
  }

  static int eligibleLevels(List<Integer> scores) {
    Map<Integer, Integer> counts = new TreeMap<>();
    scores.forEach(s -> counts.merge(s, 1, Integer::sum));
    return (int) counts.values().stream().filter(c -> c >= 2).count();
  }
}
