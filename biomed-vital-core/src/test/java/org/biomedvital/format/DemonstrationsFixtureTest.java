package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Domain;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The facts of ../shared/data/README.md about the 58 clinician demonstrations. */
final class DemonstrationsFixtureTest {

  @Test
  void readsThe58DemonstrationsWithTheirDomainMix() {
    List<Demonstration> demos = Demonstrations.read(SharedData.demonstrations());

    Map<Set<Domain>, Long> byFlags = demos.stream()
        .collect(Collectors.groupingBy(d -> d.figure().domains(), LinkedHashMap::new, Collectors.counting()));
    assertThat(demos).hasSize(58);
    assertThat(byFlags).containsOnly(
        Map.entry(Set.of(Domain.CT_SCAN), 27L),
        Map.entry(Set.of(Domain.MRI), 15L),
        Map.entry(Set.of(Domain.CHEST_XRAY), 11L),
        Map.entry(Set.of(Domain.GROSS), 2L),
        Map.entry(Set.of(Domain.HISTOLOGY), 2L),
        Map.entry(Set.of(Domain.CHEST_XRAY, Domain.CT_SCAN), 1L));
  }

  @Test
  void idsRunFrom1To51And73To79() {
    List<Integer> ids = Demonstrations.read(SharedData.demonstrations()).stream()
        .map(d -> Integer.parseInt(d.id())).collect(Collectors.toList());

    List<Integer> expected = IntStream.concat(IntStream.rangeClosed(1, 51), IntStream.rangeClosed(73, 79))
        .boxed().collect(Collectors.toList());
    assertThat(ids).isEqualTo(expected);
  }

  @Test
  void twoRecordsHaveAnOddNumberOfTurnsAndNoneHasAnImageToken() throws Exception {
    Map<String, Integer> rawTurns = new LinkedHashMap<>();
    for (String line : java.nio.file.Files.readAllLines(SharedData.demonstrations())) {
      var node = org.biomedvital.internal.Json.mapper().readTree(line);
      rawTurns.put(node.get("id").asText(), node.get("conversations").size());
    }
    List<Demonstration> demos = Demonstrations.read(SharedData.demonstrations());

    assertThat(rawTurns.entrySet().stream().filter(e -> e.getValue() % 2 == 1).map(Map.Entry::getKey))
        .containsExactly("34", "49");
    Map<Integer, Long> histogram = rawTurns.values().stream()
        .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    assertThat(histogram).containsExactly(
            Map.entry(2, 1L), Map.entry(6, 10L), Map.entry(8, 43L), Map.entry(9, 2L), Map.entry(10, 2L));
    assertThat(demos).noneMatch(d -> d.conversation().hasImageToken());
  }

  @Test
  void repeatedRolesOfRecords34And49AreMergedIntoOneTurn() {
    Map<String, Demonstration> byId = Demonstrations.read(SharedData.demonstrations()).stream()
        .collect(Collectors.toMap(Demonstration::id, d -> d));

    assertThat(byId.get("34").conversation().size()).isEqualTo(8);
    assertThat(byId.get("34").conversation().turns().get(5).text())
        .startsWith("The CT findings indicated by the red and blue arrows")
        .contains("\n\nBased on the abnormalities indicated by the arrows");
    assertThat(byId.get("49").conversation().size()).isEqualTo(8);
  }

  @Test
  void mapsTheFigureFields() {
    Demonstration first = Demonstrations.read(SharedData.demonstrations()).get(0);

    assertThat(first.figure().pairId()).isEqualTo("28104940_F2");
    assertThat(first.figure().image()).isEqualTo("28104940_F2.jpg");
    assertThat(first.figure().pmid()).isEqualTo("28104940");
    assertThat(first.figure().caption()).isNotBlank();
    assertThat(first.figure().mentions()).isNotEmpty();
    assertThat(first.conversation().turns().get(0).text())
        .isEqualTo("What modality is used to take this image?");
  }
}
