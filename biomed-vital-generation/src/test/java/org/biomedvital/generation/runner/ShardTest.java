package org.biomedvital.generation.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.biomedvital.data.Figure;
import org.junit.jupiter.api.Test;

final class ShardTest {
  @Test
  void selectKeepsTheShardsFiguresInOrderUpToTheLimit() {
    List<Figure> all = GenerationRunnerTest.figures(30);
    Shard shard = new Shard(1, 3);
    List<Figure> mine = all.stream().filter(f -> shard.contains(f.pairId())).toList();

    assertThat(shard.select(all, 0)).isEqualTo(mine);
    assertThat(shard.select(all, 2)).isEqualTo(mine.subList(0, 2));
    assertThat(Shard.ALL.select(all, 5)).isEqualTo(all.subList(0, 5));
  }

  @Test
  void selectRejectsANegativeLimit() {
    assertThatThrownBy(() -> Shard.ALL.select(List.of(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }
}
