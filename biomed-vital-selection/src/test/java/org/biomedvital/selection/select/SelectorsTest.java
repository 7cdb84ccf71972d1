package org.biomedvital.selection.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.ScoredSample;
import org.junit.jupiter.api.Test;

final class SelectorsTest {
  private static ScoredSample s(String id, String fig, Domain d, double score, float[] v) {
    InstructionSample x = InstructionSample.builder().id(id).figureId(fig).image(fig + ".jpg")
        .domains(Set.of(d)).conversation(Conversation.of("q", id)).build();
    VECTORS.put(id, v);
    return new ScoredSample(x, score);
  }

  private static final Map<String, float[]> VECTORS = new java.util.concurrent.ConcurrentHashMap<>();

  @Test
  void kCenterPrefersSpreadOverScore() {
    List<ScoredSample> pool = List.of(
        s("a", "f1", Domain.MRI, 0.9, new float[] {1, 0}),
        s("a2", "f2", Domain.MRI, 0.8, new float[] {0.99f, 0.01f}),
        s("b", "f3", Domain.MRI, 0.1, new float[] {0, 1}));

    List<ScoredSample> two = Selectors.kCenter(Selectors.Size.top(2), x -> VECTORS.get(x.id())).select(pool);

    assertThat(two).extracting(x -> x.sample().id()).containsExactly("a", "b");
  }

  @Test
  void dedupeDropsTheWorseOfTwoNearCopies() {
    List<ScoredSample> pool = List.of(
        s("x", "f1", Domain.CT_SCAN, 0.2, new float[] {1, 0}),
        s("y", "f2", Domain.CT_SCAN, 0.7, new float[] {1, 0.01f}),
        s("z", "f3", Domain.CT_SCAN, 0.5, new float[] {0, 1}));

    assertThat(Selectors.dedupe(0.95, x -> VECTORS.get(x.id())).select(pool))
        .extracting(x -> x.sample().id()).containsExactly("y", "z");
  }

  @Test
  void composedSelectorsApplyInOrder() {
    List<ScoredSample> pool = List.of(
        s("p", "f1", Domain.CT_SCAN, 0.9, new float[] {1, 0}),
        s("q", "f1", Domain.CT_SCAN, 0.8, new float[] {0, 1}),
        s("r", "f2", Domain.MRI, 0.3, new float[] {1, 1}),
        s("t", "f3", Domain.MRI, 0.1, new float[] {1, -1}));

    List<ScoredSample> picked = Selectors.bestPerFigure(1).andThen(Selectors.topK(2)).select(pool);

    assertThat(picked).extracting(x -> x.sample().id()).containsExactly("p", "r");
  }

  @Test
  void badArgumentsAreRefusedWithTheRule() {
    assertThatThrownBy(() -> Selectors.topFraction(1.5))
        .hasMessage("fraction must be in [0.0, 1.0] but was 1.5");
    assertThatThrownBy(() -> Selectors.DomainMix.target(Map.of("xray", 1.0)))
        .hasMessageContaining("unknown domain 'xray'");
  }
}
