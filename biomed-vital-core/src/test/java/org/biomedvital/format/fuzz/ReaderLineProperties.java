package org.biomedvital.format.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.AnswerRecord;
import org.biomedvital.format.Answers;
import org.biomedvital.format.Demonstrations;
import org.biomedvital.format.Layout;
import org.biomedvital.format.LlavaInstructions;
import org.biomedvital.format.LlavaRecord;
import org.biomedvital.format.PmcFigureRecord;
import org.biomedvital.format.PmcFigures;
import org.biomedvital.format.Problem;
import org.biomedvital.format.Qa50;
import org.biomedvital.format.QaQuestion;
import org.biomedvital.format.ReadMode;
import org.biomedvital.format.RecordReader;
import org.biomedvital.format.RecordWriter;
import org.biomedvital.format.Samples;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 3: puts one fault (invalid UTF-8 inside a string, a line of broken JSON, a
 * string where an object belongs) on a chosen line of a JSON lines file built from the real
 * fixtures and checks that every reader reports it at exactly that line: strictly as the thrown
 * error's line, leniently as the only error, with every other record still read.
 */
final class ReaderLineProperties {
  private static final int EXAMPLES = 60;

  @TempDir static Path dir;
  private static List<Demonstration> demos;
  private static List<QaQuestion> questions;

  @BeforeAll
  static void fixtures() {
    demos = Demonstrations.read(SharedData.demonstrations());
    questions = Qa50.read(SharedData.qa50());
  }

  @Test
  void demonstrations() throws IOException {
    check("demos.jsonl", Files.readAllLines(SharedData.demonstrations()),
        Demonstrations::reader);
  }

  @Test
  void qa50() throws IOException {
    check("qa50.jsonl", Files.readAllLines(SharedData.qa50()), Qa50::reader);
  }

  @Test
  void answers() {
    check("answers.jsonl", lines("answers-seed.jsonl", Answers::writer, questions.stream()
        .map(q -> AnswerRecord.of(q.questionId(), q.question(), q.gpt4Answer(), "a" + q.questionId(),
            "m")).toList()), Answers::reader);
  }

  @Test
  void llavaAndPmcJsonLines() {
    check("llava.jsonl", lines("llava-seed.jsonl", f -> LlavaInstructions.writer(f, Layout.JSONL),
        demos.stream().map(d -> LlavaRecord.of("d" + d.id(), d.figure().pairId() + ".jpg",
            d.figure().domains(), d.conversation())).toList()), LlavaInstructions::reader);
    check("pmc.jsonl", lines("pmc-seed.jsonl", f -> PmcFigures.writer(f, Layout.JSONL),
        demos.stream().map(d -> PmcFigureRecord.of(d.figure(), "ct_scan")).toList()),
        PmcFigures::reader);
  }

  @Test
  void candidateSamples() {
    List<String> lines = demos.stream().map(d -> Samples.toJson(InstructionSample.builder()
        .id(d.figure().pairId() + "#0").figure(d.figure()).conversation(d.conversation()).build()))
        .toList();
    qt().withExamples(EXAMPLES).withFixedSeed(7)
        .forAll(integers().between(1, lines.size()), integers().between(0, 2))
        .checkAssert((line, fault) -> {
          Path f = faulty("candidates.jsonl", lines, line, fault);
          assertThatThrownBy(() -> Samples.readJsonl(f)).isInstanceOfSatisfying(
              InvalidDataException.class, e -> assertThat(e.line()).as(e.getMessage())
                  .isEqualTo((long) line));
        });
  }

  private static <T> void check(String name, List<String> lines,
      BiFunction<Path, ReadMode, RecordReader<T>> open) {
    long total;
    try (RecordReader<T> r = open.apply(write(name, lines), ReadMode.STRICT)) {
      total = r.stream().count();
    }
    assertThat(total).isEqualTo(lines.stream().filter(l -> !l.isBlank()).count());
    qt().withExamples(EXAMPLES).withFixedSeed(name.hashCode())
        .forAll(integers().between(1, lines.size()), integers().between(0, 2))
        .assuming((line, fault) -> !lines.get(line - 1).isBlank())
        .checkAssert((line, fault) -> {
          Path f = faulty(name, lines, line, fault);
          assertThatThrownBy(() -> {
            try (RecordReader<T> r = open.apply(f, ReadMode.STRICT)) {
              r.readAll();
            }
          }).as("fault %d on line %d", fault, line).isInstanceOfSatisfying(
              InvalidDataException.class, e -> assertThat(e.line()).as(e.getMessage())
                  .isEqualTo((long) line));
          try (RecordReader<T> r = open.apply(f, ReadMode.LENIENT)) {
            assertThat(r.stream().count()).as("records besides line %d", line)
                .isEqualTo(total - 1);
            assertThat(r.problems()).filteredOn(Problem::isError).extracting(Problem::line)
                .as("fault %d", fault).containsExactly((long) line);
          }
        });
  }

  /** The lines with fault {@code fault} on line {@code line}: bad UTF-8, broken JSON, a string. */
  private static Path faulty(String name, List<String> lines, int line, int fault) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i <= lines.size(); i++) {
      String text = lines.get(i - 1);
      byte[] raw = text.getBytes(StandardCharsets.UTF_8);
      if (i == line && fault == 0) {
        int at = text.indexOf("\":") + 2;
        int q = text.indexOf('"', at);
        int cut = new String(raw, StandardCharsets.UTF_8).substring(0, q + 1)
            .getBytes(StandardCharsets.UTF_8).length;
        b.write(raw, 0, cut);
        b.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate
        b.write(raw, cut, raw.length - cut);
      } else if (i == line && fault == 1) {
        b.writeBytes(text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8));
      } else if (i == line) {
        b.writeBytes("\"a string, not a record\"".getBytes(StandardCharsets.UTF_8));
      } else {
        b.writeBytes(raw);
      }
      b.write('\n');
    }
    try {
      return Files.write(dir.resolve("fault-" + name), b.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(String name, List<String> lines) {
    try {
      return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<String> lines(String name,
      java.util.function.Function<Path, RecordWriter<T>> open, List<T> recs) {
    Path f = dir.resolve(name);
    try (RecordWriter<T> w = open.apply(f)) {
      recs.forEach(w::write);
    }
    try {
      List<String> out = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
