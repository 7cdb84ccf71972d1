package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemonstrationRecordsTest {
  @TempDir Path tmp;

  @Test
  void keepsTheRawTurnsAndWarnsAboutTheTwoRepeatedRoles() {
    try (RecordReader<DemonstrationRecord> r =
        Demonstrations.reader(SharedData.demonstrations(), ReadMode.STRICT)) {
      List<DemonstrationRecord> all = r.readAll();

      assertThat(all).hasSize(58);
      assertThat(all.stream().filter(d -> d.turns().size() % 2 == 1).map(DemonstrationRecord::id))
          .containsExactly("34", "49");
      assertThat(r.problems()).extracting(Problem::line, Problem::severity)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(34L, Problem.Severity.WARNING),
              org.assertj.core.groups.Tuple.tuple(49L, Problem.Severity.WARNING));
      assertThat(r.problems().get(0).message())
          .isEqualTo("turn 6 repeats role 'gpt'; merged into the turn before it (id '34')");
      assertThat(all.stream().filter(d -> d.graphicRef().isPresent())).hasSize(53);
    }
  }

  @Test
  void roundTripsEveryFieldOfTheFixture() {
    Path copy = tmp.resolve("demos.jsonl");
    List<DemonstrationRecord> original = Demonstrations.reader(SharedData.demonstrations(), ReadMode.STRICT).readAll();

    try (RecordWriter<DemonstrationRecord> w = Demonstrations.writer(copy, Layout.JSONL)) {
      original.forEach(w::write);
    }

    assertThat(Demonstrations.reader(copy, ReadMode.STRICT).readAll()).isEqualTo(original);
    assertThat(Demonstrations.read(copy)).isEqualTo(Demonstrations.read(SharedData.demonstrations()));
  }
}
