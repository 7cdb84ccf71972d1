package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {
  private static Map<String, Double> weights(Object... keysAndWeights) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndWeights.length; i += 2) {
      m.put((String) keysAndWeights[i], ((Number) keysAndWeights[i + 1]).doubleValue());
    }
    return m;
  }

  @Test
  void equalRemaindersGoToTheSmallerKeyWhateverTheMapOrder() {
    Map<String, Integer> quota = LargestRemainder.allot(10, weights("c", 1, "b", 1, "a", 1), g -> 100);

    assertThat(quota).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4, "b", 3, "c", 3));
  }

  @Test
  void whatAFullGroupCannotTakeGoesToTheOthers() {
    Map<String, Integer> quota =
        LargestRemainder.allot(10, weights("a", 1, "b", 1), g -> g.equals("a") ? 2 : 100);

    assertThat(quota).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 8));
  }

  @Test
  void groupsWithoutAPositiveWeightGetNothing() {
    Map<String, Integer> quota = LargestRemainder.allot(3, weights("a", 0, "b", 2), g -> 100);

    assertThat(quota).containsExactlyInAnyOrderEntriesOf(Map.of("b", 3));
  }

  @Test
  void stopsWhenEveryGroupIsFull() {
    Map<String, Integer> quota = LargestRemainder.allot(10, weights("a", 3, "b", 1), g -> 1);

    assertThat(quota).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
  }
}
