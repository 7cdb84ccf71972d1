package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, points 2 and 3: invalid UTF-8 is reported at its own line by every reader (a decoding
 * reader used to fail while filling its buffer, lines earlier, and count no records), and a record
 * larger than the limit is refused while it streams, in JSON lines and JSON arrays alike.
 */
final class HostileInputTest {
  @TempDir Path tmp;

  /** The lines of {@code source} with a malformed two-byte sequence put into line {@code bad}. */
  private Path withBadByte(Path source, int bad, String name) throws Exception {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i <= lines.size(); i++) {
      byte[] raw = lines.get(i - 1).getBytes(StandardCharsets.UTF_8);
      if (i == bad) {
        int quote = lines.get(i - 1).lastIndexOf('"');
        b.write(raw, 0, quote);
        b.write(new byte[] {(byte) 0xC3, 0x28}); // a lead byte followed by '(': malformed
        b.write(raw, quote, raw.length - quote);
      } else {
        b.write(raw);
      }
      b.write('\n');
    }
    return Files.write(tmp.resolve(name), b.toByteArray());
  }

  @Test
  void invalidUtf8OnLine10OfDemonstrationsIsLine10() throws Exception {
    Path f = withBadByte(SharedData.demonstrations(), 10, "demos.jsonl");
    long total = Demonstrations.read(SharedData.demonstrations()).size();

    assertThatThrownBy(() -> Demonstrations.read(f)).isInstanceOfSatisfying(
        InvalidDataException.class, e -> {
          assertThat(e.line()).isEqualTo(10);
          assertThat(e.getMessage()).startsWith(f + ":10: is not valid UTF-8");
        });
    ValidationReport report = Validation.validate(f, FileKind.DEMONSTRATIONS);
    assertThat(report.records()).isEqualTo(total - 1);
    assertThat(report.problems()).filteredOn(Problem::isError).extracting(Problem::line)
        .containsExactly(10L);
  }

  @Test
  void invalidUtf8InQa50IsReportedAtItsLine() throws Exception {
    Path f = withBadByte(SharedData.qa50(), 121, "qa50.jsonl");

    assertThatThrownBy(() -> Qa50.read(f)).isInstanceOfSatisfying(InvalidDataException.class,
        e -> assertThat(e.line()).isEqualTo(121));
    try (RecordReader<QaQuestion> r = Qa50.reader(f, ReadMode.LENIENT)) {
      long n = r.stream().count();
      assertThat(n).isEqualTo(Files.readAllLines(SharedData.qa50()).size() - 1);
      assertThat(r.problems()).filteredOn(Problem::isError).extracting(Problem::line)
          .containsExactly(121L);
    }
  }

  @Test
  void aLineOverTheLimitIsRefusedAndLenientReadingGoesOn() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.qa50()).subList(0, 5);
    String huge = lines.get(2).replace("\"text\": \"", "\"text\": \"" + "x".repeat(100_000));
    Path f = Files.writeString(tmp.resolve("q.jsonl"),
        String.join("\n", lines.get(0), lines.get(1), huge, lines.get(3), lines.get(4)) + "\n");

    System.setProperty("biomedvital.maxRecordBytes", Integer.toString(64 << 10));
    try {
      readsWithTheLimit(f);
    } finally {
      System.clearProperty("biomedvital.maxRecordBytes");
    }
  }

  private static void readsWithTheLimit(Path f) {
    assertThatThrownBy(() -> Qa50.read(f)).isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ":3: is longer than the record limit of 64 KiB (65536 bytes); split the "
            + "record, or raise the limit with -Dbiomedvital.maxRecordBytes=BYTES (or "
            + "BIOMEDVITAL_MAX_RECORD_BYTES) and a larger heap");
    try (RecordReader<QaQuestion> r = Qa50.reader(f, ReadMode.LENIENT)) {
      assertThat(r.maxRecordBytes()).isEqualTo(64 << 10);
      assertThat(r.readAll()).extracting(QaQuestion::questionId).hasSize(4);
      assertThat(r.problems()).filteredOn(Problem::isError).extracting(Problem::line)
          .containsExactly(3L);
    }
  }

  @Test
  void aRecordOverTheLimitInAJsonArrayIsRefusedWhileStreaming() throws Exception {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < 5; i++) {
      String text = i == 3 ? "y".repeat(2_000_000) : "What is shown?";
      sb.append("{\"id\": \"r").append(i).append("\", \"image\": \"r.jpg\", \"conversations\": ")
          .append("[{\"from\": \"human\", \"value\": \"").append(text).append("\"}, {\"from\": ")
          .append("\"gpt\", \"value\": \"A CT.\"}]}").append(i < 4 ? ",\n" : "\n");
    }
    Path f = Files.writeString(tmp.resolve("a.json"), sb.append("]\n").toString());

    System.setProperty("biomedvital.maxRecordBytes", Integer.toString(256 << 10));
    try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(f, ReadMode.LENIENT)) {
      assertThat(r.readAll()).hasSize(3);
      List<Problem> errors = r.problems().stream().filter(Problem::isError).toList();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).line()).isEqualTo(5);
      assertThat(errors.get(0).message()).contains("larger than the record limit of 256 KiB");
    } finally {
      System.clearProperty("biomedvital.maxRecordBytes");
    }
  }
}
