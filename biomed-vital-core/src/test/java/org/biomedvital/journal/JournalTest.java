package org.biomedvital.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JournalTest {
  @TempDir Path tmp;

  private Path file() {
    return tmp.resolve("journal.jsonl");
  }

  private static String record(String id) {
    return "{\"id\":\"" + id + "\",\"text\":\"µm ×100 😀\"}";
  }

  private void writeThree() {
    try (Journal j = Journal.open(file())) {
      for (String id : List.of("a", "b", "c")) {
        assertThat(j.append(id, record(id))).isTrue();
      }
    }
  }

  private static void appendRaw(Path file, byte[] bytes) throws Exception {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  @Test
  void appendsReopensAndAnswersContains() {
    writeThree();

    try (Journal j = Journal.open(file())) {
      assertThat(j.size()).isEqualTo(3);
      assertThat(j.contains("b")).isTrue();
      assertThat(j.contains("z")).isFalse();
      assertThat(j.cutBytes()).isZero();
      List<String> seen = new ArrayList<>();
      j.forEach((id, json) -> seen.add(id + "=" + json));
      assertThat(seen).containsExactly("a=" + record("a"), "b=" + record("b"), "c=" + record("c"));
    }
  }

  @Test
  void appendingAPresentIdWritesNothing() throws Exception {
    writeThree();

    try (Journal j = Journal.open(file())) {
      assertThat(j.append("a", "{\"id\":\"a\",\"other\":1}")).isFalse();
    }
    assertThat(Files.readAllLines(file())).hasSize(3);
  }

  @Test
  void cutsATornLastRecordAndAppendsAfterIt() throws Exception {
    writeThree();
    byte[] torn = "{\"id\":\"d\",\"text\":\"µ".getBytes(StandardCharsets.UTF_8);
    // Cut inside the two-byte encoding of µ, as a kill in the middle of a write can.
    appendRaw(file(), java.util.Arrays.copyOf(torn, torn.length - 1));

    try (Journal j = Journal.open(file())) {
      assertThat(j.cutBytes()).isEqualTo(torn.length - 1);
      assertThat(j.size()).isEqualTo(3);
      assertThat(j.contains("d")).isFalse();
      assertThat(j.append("d", record("d"))).isTrue();
    }

    assertThat(Files.readAllLines(file(), StandardCharsets.UTF_8))
        .containsExactly(record("a"), record("b"), record("c"), record("d"));
  }

  @Test
  void keepsAWholeLastRecordThatLacksItsLineEnd() throws Exception {
    writeThree();
    appendRaw(file(), record("d").getBytes(StandardCharsets.UTF_8));

    try (Journal j = Journal.open(file())) {
      assertThat(j.cutBytes()).isZero();
      assertThat(j.contains("d")).isTrue();
      j.append("e", record("e"));
    }

    assertThat(Files.readAllLines(file(), StandardCharsets.UTF_8))
        .containsExactly(record("a"), record("b"), record("c"), record("d"), record("e"));
  }

  @Test
  void refusesAFileDamagedInTheMiddleNamingTheLine() throws Exception {
    Files.writeString(file(), record("a") + "\n{\"id\": \"b\", oops\n" + record("c") + "\n");

    assertThatThrownBy(() -> Journal.open(file()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file() + ":2: is not a journal record (invalid JSON")
        .hasMessageEndingWith("the file is damaged in the middle, not just at its end: restore it "
            + "or move it away to start over");
  }

  @Test
  void refusesInvalidUtf8InTheMiddleInsteadOfMiscountingOffsets() throws Exception {
    // Latin-1 'é' (0xE9) is not UTF-8; decoding it leniently would shift every later byte offset
    // and make the torn-tail cut land in the wrong place.
    byte[] latin1 = "{\"id\":\"b\",\"t\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.writeString(file(), record("a") + "\n");
    appendRaw(file(), latin1);
    appendRaw(file(), (record("c") + "\n{\"id\":\"d").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> Journal.open(file()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file() + ":2: is not a journal record (not valid UTF-8)");
  }

  @Test
  void cutsAnInvalidUtf8TailAtTheExactByte() throws Exception {
    writeThree();
    long whole = Files.size(file());
    appendRaw(file(), new byte[] {'{', '"', 'i', (byte) 0xE9, (byte) 0xFF});

    try (Journal j = Journal.open(file())) {
      assertThat(j.cutBytes()).isEqualTo(5);
    }
    assertThat(Files.size(file())).isEqualTo(whole);
  }

  @Test
  void rejectsRecordsThatAreNotOneLineOrWhoseIdDiffers() {
    try (Journal j = Journal.open(file())) {
      assertThatThrownBy(() -> j.append("a", "{\"id\":\"a\",\n\"x\":1}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a journal record must be one line; serialise it compactly");
      assertThatThrownBy(() -> j.append("a", record("b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("record's 'id' is 'b' but append was called with id 'a'");
    }
  }

  @Test
  void keysByAnotherFieldIncludingNumbers() {
    Path f = tmp.resolve("by-question.jsonl");
    try (Journal j = Journal.open(f, "question_id", Durability.PROCESS_CRASH_SAFE)) {
      j.append("7", "{\"question_id\": 7, \"text\": \"x\"}");
    }

    try (Journal j = Journal.open(f, "question_id", Durability.PROCESS_CRASH_SAFE)) {
      assertThat(j.contains("7")).isTrue();
    }
  }

  @Test
  void aSecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses() {
    try (Journal first = Journal.open(file())) {
      assertThatThrownBy(() -> Journal.open(file()))
          .isInstanceOf(VitalException.class)
          .hasMessageContaining("is open in another journal");
      first.append("a", record("a"));
    }

    try (Journal again = Journal.open(file())) {
      assertThat(again.contains("a")).isTrue();
    }
  }

  @Test
  void forcesToTheDeviceAsThePolicySays() {
    try (Journal never = Journal.open(tmp.resolve("never.jsonl"), "id", Durability.PROCESS_CRASH_SAFE)) {
      append(never, 5);
      assertThat(never.forces()).isZero();
    }
    try (Journal always = Journal.open(tmp.resolve("always.jsonl"), "id", Durability.POWER_LOSS_SAFE)) {
      append(always, 5);
      assertThat(always.forces()).isEqualTo(5);
    }
    try (Journal every3 = Journal.open(tmp.resolve("every3.jsonl"), "id", Durability.fsyncEvery(3))) {
      append(every3, 7);
      assertThat(every3.forces()).isEqualTo(2);
      every3.sync();
      assertThat(every3.forces()).isEqualTo(3);
    }
    try (Journal timed = Journal.open(tmp.resolve("timed.jsonl"), "id",
        Durability.fsyncAtMostEvery(Duration.ofHours(1)))) {
      append(timed, 5);
      assertThat(timed.forces()).isZero();
    }
    try (Journal timed = Journal.open(tmp.resolve("timed2.jsonl"), "id",
        Durability.fsyncAtMostEvery(Duration.ofNanos(1)))) {
      append(timed, 3);
      assertThat(timed.forces()).isEqualTo(3);
    }
  }

  @Test
  void durabilityRejectsBadSettings() {
    assertThatThrownBy(() -> Durability.fsyncEvery(0)).hasMessage("n must be > 0 but was 0");
    assertThatThrownBy(() -> new Durability(-1)).hasMessage("fsyncEvery must be >= 0 but was -1");
    assertThatThrownBy(() -> Durability.fsyncAtMostEvery(Duration.ZERO))
        .hasMessage("delay must be > 0 but was PT0S");
  }

  @Test
  void appendsFromManyThreadsAreAllKept() throws Exception {
    try (Journal j = Journal.open(file())) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        threads.add(new Thread(() -> {
          for (int i = 0; i < 250; i++) {
            j.append("t" + (base + i), record("t" + (base + i)));
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(j.size()).isEqualTo(1000);
    }
    try (Journal j = Journal.open(file())) {
      assertThat(j.size()).isEqualTo(1000);
    }
  }

  private static void append(Journal j, int n) {
    for (int i = 0; i < n; i++) {
      j.append("r" + i, record("r" + i));
    }
  }

  @Test
  void refusesAForeignTextFileAndLeavesItUnchanged() throws Exception {
    Files.writeString(file(), "notes\n");

    assertThatThrownBy(() -> Journal.open(file()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file() + ":1: is not a journal record (invalid JSON")
        .hasMessageEndingWith("the file was not written by this command and is left unchanged: "
            + "give another output path, or move the file away");
    assertThat(Files.readString(file())).isEqualTo("notes\n");
  }

  @Test
  void refusesAWholeBadLastLineInsteadOfCuttingIt() throws Exception {
    writeThree();
    appendRaw(file(), "my notes, not a record\n".getBytes(StandardCharsets.UTF_8));
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> Journal.open(file()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file() + ":4: is not a journal record");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void refusesRecordsOfAnotherKindUntouched() throws Exception {
    writeThree();
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> Journal.open(file(), "id", Durability.PROCESS_CRASH_SAFE,
        java.util.Set.of("score", "rater")))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file() + ":1: is not a journal record (no [rater, score] field)");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
    try (Journal j = Journal.open(file(), "id", Durability.PROCESS_CRASH_SAFE,
        java.util.Set.of("text"))) {
      assertThat(j.size()).isEqualTo(3);
    }
  }

  @Test
  void refusesASymbolicLinkOutOfItsFolder() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside")).resolve("precious.txt");
    Files.writeString(outside, record("x") + "\n");
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Path link = Files.createSymbolicLink(dir.resolve("out.jsonl"), outside);

    assertThatThrownBy(() -> Journal.open(link))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("is a symbolic link to " + outside + ", out of its folder");
    assertThat(Files.readString(outside)).isEqualTo(record("x") + "\n");

    Path inside = Files.createSymbolicLink(dir.resolve("in.jsonl"), dir.resolve("real.jsonl"));
    try (Journal j = Journal.open(inside)) {
      j.append("a", record("a"));
    }
    assertThat(Files.readString(dir.resolve("real.jsonl"))).isEqualTo(record("a") + "\n");
  }

  @Test
  void refusesAnOutputThatIsAnInputAlsoThroughLinks() throws Exception {
    writeThree();
    Path sym = Files.createSymbolicLink(tmp.resolve("sym.jsonl"), file());
    Path hard = Files.createLink(tmp.resolve("hard.jsonl"), file());

    for (Path out : List.of(file(), sym, hard)) {
      assertThatThrownBy(() -> Journal.refuseInputs(out, tmp.resolve("other.jsonl"), file()))
          .isInstanceOf(InvalidDataException.class)
          .hasMessage(out + ": is also the input " + file()
              + "; the output must be another file: give a new output path");
    }
    Journal.refuseInputs(tmp.resolve("new.jsonl"), file());
  }

  @Test
  void refusesALineOverTheRecordLimitWithoutBufferingItOrCuttingIt() throws Exception {
    writeThree();
    appendRaw(file(), ("{\"id\":\"big\",\"t\":\"" + "x".repeat(200_000))
        .getBytes(StandardCharsets.UTF_8));
    byte[] before = Files.readAllBytes(file());
    System.setProperty("biomedvital.maxRecordBytes", "65536");
    try {
      assertThatThrownBy(() -> Journal.open(file()))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageStartingWith(file() + ":4: is longer than the record limit, so not a record "
              + "of this journal; the file is left unchanged");
    } finally {
      System.clearProperty("biomedvital.maxRecordBytes");
    }
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }
}
