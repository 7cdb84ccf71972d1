package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {
  private static Map<String, Double> weights(Object... keysAndWeights) {
    Map<String, Double> w = new LinkedHashMap<>();
    for (int i = 0; i < keysAndWeights.length; i += 2) {
      w.put((String) keysAndWeights[i], ((Number) keysAndWeights[i + 1]).doubleValue());
    }
    return w;
  }

  @Test
  void equalRemaindersGoToTheSmallerKey() {
    assertThat(LargestRemainder.allot(10, weights("c", 1, "b", 1, "a", 1), k -> 100))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 4, "b", 3, "c", 3));
  }

  @Test
  void aFullKeyPassesItsSurplusOn() {
    assertThat(LargestRemainder.allot(10, weights("a", 1, "b", 1), k -> k.equals("a") ? 2 : 100))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 8));
  }

  @Test
  void keysWithoutWeightTakeNothingAndFullKeysStopTheAllotment() {
    assertThat(LargestRemainder.allot(5, weights("a", 0, "b", 1), k -> 100))
        .containsExactlyInAnyOrderEntriesOf(Map.of("b", 5));
    assertThat(LargestRemainder.allot(10, weights("a", 1), k -> 3))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 3));
    assertThat(LargestRemainder.allot(0, weights("a", 1), k -> 3)).isEmpty();
  }

  @Test
  void sharesFollowTheWeights() {
    assertThat(LargestRemainder.allot(7, weights("x", 3, "y", 1), k -> 100))
        .containsExactlyInAnyOrderEntriesOf(Map.of("x", 5, "y", 2));
  }
}
