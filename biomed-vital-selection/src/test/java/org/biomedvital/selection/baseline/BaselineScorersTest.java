package org.biomedvital.selection.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class BaselineScorersTest {
  private static InstructionSample s(String id, String answer) {
    return InstructionSample.builder().id(id).image("f.jpg").conversation(Conversation.of("q", answer)).build();
  }

  @Test
  void randomScoresAreReproducibleAndSpread() {
    RandomScorer a = RandomScorer.withSeed(7);

    double x = a.score(s("one", "a"));

    assertThat(x).isBetween(0.0, 1.0).isEqualTo(RandomScorer.withSeed(7).score(s("one", "b")));
    assertThat(RandomScorer.withSeed(8).score(s("one", "a"))).isNotEqualTo(x);
    double mean = 0;
    for (int i = 0; i < 2000; i++) {
      mean += a.score(s("id" + i, "a")) / 2000;
    }
    assertThat(mean).isBetween(0.45, 0.55);
  }

  @Test
  void lengthCountsAnswerWords() {
    assertThat(LengthScorer.INSTANCE.score(s("x", "three short words"))).isEqualTo(3);
  }

  @Test
  void ratingScorerUsesTheRatingAndNamesAMissingOne() {
    RatingScorer r = RatingScorer.of(Map.of("a", 8.0));

    assertThat(r.score(s("a", "x"))).isEqualTo(8.0);
    assertThatThrownBy(() -> r.score(s("b", "x"))).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("has no rating for sample 'b'");
  }

  @Test
  void providersAreRegistered() {
    assertThat(Providers.selectionScorer("length", ProviderSettings.EMPTY).score(s("a", "one two"))).isEqualTo(2);
    assertThat(Providers.selectionScorer("random", ProviderSettings.of("seed", "3")).score(s("a", "x")))
        .isEqualTo(RandomScorer.withSeed(3).score(s("a", "x")));
  }
}
