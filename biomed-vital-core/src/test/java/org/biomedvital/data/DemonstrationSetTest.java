package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.biomedvital.testing.HashingTestEmbedder;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;

final class DemonstrationSetTest {

  static Demonstration demo(String id, String caption, Domain... domains) {
    Figure f = Figure.of("pmc_" + id, caption, List.of(), Set.of(domains));
    return new Demonstration(id, f, Conversation.of("What is shown in " + caption + "?", "It shows " + caption + "."));
  }

  static DemonstrationSet synthetic() {
    DemonstrationSet.Builder b = DemonstrationSet.builder();
    int n = 0;
    for (Domain d : Domain.values()) {
      for (int i = 0; i < 4; i++) {
        b.add(demo(d.wireName() + "-" + i, d.label() + " case " + (n++), d));
      }
    }
    b.add(demo("both", "chest CT", Domain.CHEST_XRAY, Domain.CT_SCAN));
    return b.build();
  }

  @Test
  void perDomainTakesOneFromEachDomainGroupInWireOrder() {
    DemonstrationSet set = DemonstrationSet.from(SharedData.demonstrations());

    for (long seed = 0; seed < 50; seed++) {
      List<Demonstration> shots = set.sample(SamplingStrategy.perDomain(1), seed);

      assertThat(shots).hasSize(5).doesNotHaveDuplicates();
      for (int i = 0; i < 5; i++) {
        assertThat(shots.get(i).figure().domains()).contains(Domain.WIRE_ORDER.get(i));
      }
    }
  }

  @Test
  void perDomainTakesKFromEachGroup() {
    List<Demonstration> shots = synthetic().sample(SamplingStrategy.perDomain(2), 7L);

    assertThat(shots).hasSize(10).doesNotHaveDuplicates();
    for (int i = 0; i < 10; i++) {
      assertThat(shots.get(i).figure().domains()).contains(Domain.WIRE_ORDER.get(i / 2));
    }
  }

  @Test
  void sameSeedGivesTheSameSampleForEveryStrategy() {
    DemonstrationSet set = synthetic();
    List<SamplingStrategy> strategies = List.of(SamplingStrategy.perDomain(1),
        SamplingStrategy.stratified(7), SamplingStrategy.kCenter(6, new HashingTestEmbedder()));

    for (SamplingStrategy s : strategies) {
      assertThat(set.sample(s, 42L)).as(s.toString()).isEqualTo(set.sample(s, 42L));
      Set<List<String>> distinct = new HashSet<>();
      for (long seed = 0; seed < 20; seed++) {
        distinct.add(set.sample(s, seed).stream().map(Demonstration::id).collect(Collectors.toList()));
      }
      assertThat(distinct).as("different seeds of " + s).hasSizeGreaterThan(1);
    }
  }

  @Test
  void stratifiedFollowsTheTargetMix() {
    Map<Domain, Double> mix = new EnumMap<>(Domain.class);
    mix.put(Domain.CT_SCAN, 3.0);
    mix.put(Domain.MRI, 1.0);

    List<Demonstration> shots = synthetic().sample(SamplingStrategy.stratified(4, mix), 3L);

    assertThat(shots).hasSize(4).doesNotHaveDuplicates();
    assertThat(shots.stream().filter(d -> d.figure().domains().contains(Domain.CT_SCAN))).hasSize(3);
    assertThat(shots.stream().filter(d -> d.figure().domains().contains(Domain.MRI))).hasSize(1);
  }

  @Test
  void stratifiedGivesAShortDomainsRemainderToTheOthers() {
    DemonstrationSet set = DemonstrationSet.from(SharedData.demonstrations());

    List<Demonstration> shots = set.sample(SamplingStrategy.stratified(20), 11L);

    assertThat(shots).hasSize(20).doesNotHaveDuplicates();
    long gross = shots.stream().filter(d -> d.figure().domains().contains(Domain.GROSS)).count();
    long histology =
        shots.stream().filter(d -> d.figure().domains().contains(Domain.HISTOLOGY)).count();
    assertThat(gross).isEqualTo(2);
    assertThat(histology).isEqualTo(2);
  }

  @Test
  void kCenterPicksDistinctAndDiverseDemonstrations() {
    List<Demonstration> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(demo("ct" + i, "axial ct scan of the abdomen liver lesion"));
    }
    all.add(demo("mri", "sagittal mri of the knee ligament tear"));
    all.add(demo("histo", "hematoxylin eosin stained biopsy section"));
    DemonstrationSet set = DemonstrationSet.of(all);

    List<Demonstration> shots =
        set.sample(SamplingStrategy.kCenter(3, new HashingTestEmbedder(256)), 1L);

    assertThat(shots).hasSize(3).doesNotHaveDuplicates();
    assertThat(shots).extracting(Demonstration::id).contains("mri", "histo");
  }

  @Test
  void builderFiltersByDomainAndDedupesById() {
    DemonstrationSet set = DemonstrationSet.builder()
        .addAll(synthetic().all())
        .add(demo("mri-0", "a second record with a repeated id", Domain.MRI))
        .filterDomains(Set.of(Domain.MRI, Domain.GROSS))
        .dedupeById()
        .build();

    assertThat(set.size()).isEqualTo(8);
    assertThat(set.all().get(0).figure().caption()).isEqualTo("MRI case 4");
    assertThat(set.byDomain(Domain.CT_SCAN)).isEmpty();
  }

  @Test
  void builderIsDeclarativeAFilterSetBeforeALoadAppliesToWhatIsLoaded() {
    DemonstrationSet loaded = DemonstrationSet.from(SharedData.demonstrations());
    DemonstrationSet filteredFirst = DemonstrationSet.builder()
        .filterDomains(Set.of(Domain.MRI))
        .dedupeById()
        .load(SharedData.demonstrations())
        .add(demo("late", "a gross specimen added after the filter", Domain.GROSS))
        .build();
    DemonstrationSet filteredLast = DemonstrationSet.builder()
        .load(SharedData.demonstrations())
        .add(demo("late", "a gross specimen added after the filter", Domain.GROSS))
        .filterDomains(Set.of(Domain.MRI))
        .dedupeById()
        .build();

    assertThat(loaded.byDomain(Domain.MRI)).isNotEmpty();
    assertThat(filteredFirst.size()).isPositive().isLessThan(loaded.size());
    assertThat(filteredFirst.all()).allMatch(d -> d.figure().domains().contains(Domain.MRI));
    assertThat(filteredFirst).isEqualTo(filteredLast);
  }

  @Test
  void dedupeKeepsTheFirstOfEachIdAmongTheFilteredOnes() {
    DemonstrationSet set = DemonstrationSet.builder()
        .dedupeById()
        .add(demo("x", "an x-ray first", Domain.CHEST_XRAY))
        .add(demo("x", "an MRI second with the same id", Domain.MRI))
        .add(demo("x", "an MRI third with the same id", Domain.MRI))
        .filterDomains(Set.of(Domain.MRI))
        .build();

    assertThat(set.all()).extracting(d -> d.figure().caption())
        .containsExactly("an MRI second with the same id");
  }

  @Test
  void toBuilderKeepsEveryDemonstrationInOrder() {
    DemonstrationSet set = synthetic();

    assertThat(set.toBuilder().build()).isEqualTo(set);
    assertThat(set.toBuilder().filterDomains(Set.of(Domain.CT_SCAN)).build().all())
        .isEqualTo(set.byDomain(Domain.CT_SCAN));
  }

  @Test
  void rejectsNonPositiveSampleSizes() {
    assertThatThrownBy(() -> SamplingStrategy.perDomain(0)).hasMessage("k must be > 0 but was 0");
    assertThatThrownBy(() -> SamplingStrategy.stratified(-1)).hasMessage("n must be > 0 but was -1");
  }
}
