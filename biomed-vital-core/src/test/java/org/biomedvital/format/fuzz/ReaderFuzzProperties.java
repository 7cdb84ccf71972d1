package org.biomedvital.format.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.AnswerRecord;
import org.biomedvital.format.Answers;
import org.biomedvital.format.DemonstrationRecord;
import org.biomedvital.format.Demonstrations;
import org.biomedvital.format.Layout;
import org.biomedvital.format.LlavaInstructions;
import org.biomedvital.format.LlavaRecord;
import org.biomedvital.format.PmcFigureRecord;
import org.biomedvital.format.PmcFigures;
import org.biomedvital.format.Qa50;
import org.biomedvital.format.QaQuestion;
import org.biomedvital.format.ReadMode;
import org.biomedvital.format.RecordReader;
import org.biomedvital.format.RecordWriter;
import org.biomedvital.format.ReviewRecord;
import org.biomedvital.format.Reviews;
import org.biomedvital.format.Samples;
import org.biomedvital.format.VqaSets;
import org.biomedvital.journal.Journal;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every core reader with corruptions of files built from the real fixtures of
 * {@code ../shared/data}: truncations, byte flips, values of the wrong JSON type, huge lines,
 * invalid UTF-8 and deep nesting. Every case must end in success or in an
 * {@link InvalidDataException} that names the file and a line (lenient mode: success with the
 * problems listed), never another exception, a hang (each case runs under a timeout) or an
 * out-of-memory error.
 */
final class ReaderFuzzProperties {
  private static final int EXAMPLES = 120;
  private static final long CASE_TIMEOUT_SECONDS = 20;
  private static final Pattern STRING_VALUE = Pattern.compile(":\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern NUMBER_VALUE = Pattern.compile(":\\s*-?[0-9]+(?:\\.[0-9]+)?");
  private static final String[] WRONG_TYPES = {
    "123", "-1.5e308", "true", "null", "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":[]}}", "\"\"",
    "\"x\"", "9999999999999999999999999999"
  };

  @TempDir static Path dir;
  private static ExecutorService pool;
  private static List<Demonstration> demos;
  private static List<QaQuestion> questions;

  @BeforeAll
  static void fixtures() {
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true);
      return t;
    });
    demos = Demonstrations.read(SharedData.demonstrations());
    questions = Qa50.read(SharedData.file("llava_med_eval_qa50_qa.jsonl"));
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  /** A reader under test: reads a whole file in a mode and returns how many records it gave. */
  private interface Reader {
    long read(Path file, ReadMode mode);
  }

  private static <T> Reader streaming(java.util.function.BiFunction<Path, ReadMode, RecordReader<T>> open) {
    return (file, mode) -> {
      try (RecordReader<T> r = open.apply(file, mode)) {
        long n = 0;
        while (r.hasNext()) {
          r.next();
          n++;
        }
        if (mode == ReadMode.LENIENT) {
          r.problems().forEach(p -> assertThat(p.toString()).isNotBlank());
        }
        return n;
      }
    };
  }

  @Test
  void demonstrationsFromTheRealFixture() throws IOException {
    fuzz("demonstrations.jsonl", Files.readAllBytes(SharedData.demonstrations()),
        streaming(Demonstrations::reader));
  }

  @Test
  void qa50FromTheRealFixture() throws IOException {
    // The first 40 lines keep each case fast; the mutations still cover every field shape.
    List<String> lines = Files.readAllLines(SharedData.file("llava_med_eval_qa50_qa.jsonl"));
    fuzz("qa50.jsonl", (String.join("\n", lines.subList(0, 40)) + "\n")
        .getBytes(StandardCharsets.UTF_8), streaming(Qa50::reader));
  }

  @Test
  void answers() {
    fuzz("answers.jsonl", written("answers-seed.jsonl", Answers::writer, questions.subList(0, 30)
        .stream().map(q -> AnswerRecord.of(q.questionId(), q.question(), q.gpt4Answer(),
            "id" + q.questionId(), "llava-med")).toList()), streaming(Answers::reader));
  }

  @Test
  void reviews() {
    fuzz("reviews.jsonl", written("reviews-seed.jsonl", Reviews::writer, questions.subList(0, 30)
        .stream().map(q -> ReviewRecord.of(q, q.gpt4Answer(), "An answer.", "8 6\nFine."))
        .toList()), streaming(Reviews::reader));
  }

  @Test
  void llavaInstructionsAsJsonArrayAndAsJsonLines() {
    List<LlavaRecord> recs = demos.stream().limit(20).map(d -> LlavaRecord.of("d" + d.id(),
        d.figure().pairId() + ".jpg", d.figure().domains(), d.conversation())).toList();
    fuzz("llava.json", written("llava-seed.json", f -> LlavaInstructions.writer(f,
        Layout.JSON_ARRAY), recs), streaming(LlavaInstructions::reader));
    fuzz("llava.jsonl", written("llava-seed.jsonl", f -> LlavaInstructions.writer(f,
        Layout.JSONL), recs), streaming(LlavaInstructions::reader));
  }

  @Test
  void vqaSets() {
    List<LlavaRecord> recs = questions.subList(0, 30).stream().map(q -> LlavaRecord.of(
        String.valueOf(q.questionId()), q.image(), q.domains(),
        org.biomedvital.data.Conversation.of(q.question(), q.gpt4Answer()))).toList();
    fuzz("vqa.json", written("vqa-seed.json", VqaSets::writer, recs), streaming(VqaSets::reader));
  }

  @Test
  void pmcFiguresInEveryLayout() {
    List<PmcFigureRecord> recs = demos.stream().limit(20)
        .map(d -> PmcFigureRecord.of(d.figure(), "ct_scan")).toList();
    for (Layout layout : Layout.values()) {
      fuzz("pmc-" + layout + ".json", written("pmc-seed-" + layout + ".json",
          f -> PmcFigures.writer(f, layout), recs), streaming(PmcFigures::reader));
    }
  }

  @Test
  void demonstrationsAsWrittenByTheWriterInAJsonArray() {
    List<DemonstrationRecord> recs = demos.stream().limit(20).map(DemonstrationRecord::of).toList();
    fuzz("demos.json", written("demos-seed.json", f -> Demonstrations.writer(f, Layout.JSON_ARRAY),
        recs), streaming(Demonstrations::reader));
  }

  /** Candidate 0 of the first 20 demonstrations' figures, as JSON lines. */
  private static byte[] candidatesJsonl() {
    StringBuilder sb = new StringBuilder();
    for (Demonstration d : demos.subList(0, 20)) {
      sb.append(Samples.toJson(InstructionSample.builder().id(d.figure().pairId() + "#0")
          .figure(d.figure()).conversation(d.conversation()).build())).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void candidateSamples() {
    fuzz("candidates.jsonl", candidatesJsonl(),
        (file, mode) -> Samples.readJsonl(file).size());
  }

  @Test
  void journalReopen() {
    fuzz("journal.jsonl", candidatesJsonl(), (file, mode) -> {
      // Reopening cuts a torn tail and the check appends: each mode works on its own copy.
      Path copy = file.resolveSibling(mode + "-" + file.getFileName());
      try {
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      try (Journal j = Journal.open(copy)) {
        int before = j.size();
        // A reopened journal must still take appends and keep them unique.
        assertThat(j.append("fuzz-new", "{\"id\":\"fuzz-new\"}")).isTrue();
        assertThat(j.append("fuzz-new", "{\"id\":\"fuzz-new\"}")).isFalse();
        return before;
      }
    });
  }

  private static <T> byte[] written(String name, Function<Path, RecordWriter<T>> open, List<T> recs) {
    Path f = dir.resolve(name);
    try (RecordWriter<T> w = open.apply(f)) {
      recs.forEach(w::write);
    }
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Checks the seed reads cleanly, then runs {@link #EXAMPLES} seeded corruptions of it. */
  private static void fuzz(String name, byte[] seed, Reader reader) {
    Path seedFile = dir.resolve("seed-" + name);
    try {
      Files.write(seedFile, seed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(reader.read(seedFile, ReadMode.STRICT)).as("the seed %s reads", name).isPositive();
    int[] counter = {0};
    qt().withExamples(EXAMPLES).withFixedSeed(name.hashCode())
        .forAll(integers().between(0, 6), longs().all())
        .checkAssert((kind, salt) -> {
          byte[] mutated = mutate(seed, kind, new Random(salt));
          Path f = dir.resolve("case-" + counter[0]++ + "-" + name);
          try {
            Files.write(f, mutated);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          for (ReadMode mode : ReadMode.values()) {
            check(f, mode, reader, kind);
          }
          try {
            Files.deleteIfExists(f);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void check(Path f, ReadMode mode, Reader reader, int kind) {
    Future<Long> result = pool.submit(() -> reader.read(f, mode));
    try {
      result.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      fail("reading %s in %s mode (mutation %d) hangs: no result after %d s", f, mode, kind,
          CASE_TIMEOUT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidDataException ide) {
        assertThat(ide.source()).as("source of %s", ide.getMessage()).isPresent();
        assertThat(ide.getMessage()).as("mutation %d in %s mode", kind, mode)
            .contains(f.getFileName().toString());
        if (f.toFile().length() > 0) {
          assertThat(ide.line()).as("line of '%s' (mutation %d, %s)", ide.getMessage(), kind, mode)
              .isPositive();
        }
      } else if (cause instanceof AssertionError ae) {
        throw ae;
      } else {
        throw new AssertionError("reading " + f + " in " + mode + " mode (mutation " + kind
            + ") threw " + cause + " instead of InvalidDataException", cause);
      }
    }
  }

  /** One corruption of {@code seed}, chosen by {@code kind} and placed by {@code rnd}. */
  static byte[] mutate(byte[] seed, int kind, Random rnd) {
    int pos = rnd.nextInt(seed.length + 1);
    switch (kind) {
      case 0: // truncation
        return java.util.Arrays.copyOf(seed, pos);
      case 1: { // byte flips
        byte[] b = seed.clone();
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips && b.length > 0; i++) {
          int at = rnd.nextInt(b.length);
          b[at] = (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
        return b;
      }
      case 2: { // a value of the wrong type
        String s = new String(seed, StandardCharsets.UTF_8);
        Matcher m = (rnd.nextBoolean() ? STRING_VALUE : NUMBER_VALUE).matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
          return seed;
        }
        int[] span = spans.get(rnd.nextInt(spans.size()));
        String wrong = WRONG_TYPES[rnd.nextInt(WRONG_TYPES.length)];
        return (s.substring(0, span[0]) + ": " + wrong + s.substring(span[1]))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 3: { // a huge line: a 2 MiB string value or 2 MiB of garbage
        String big = "x".repeat(2 << 20);
        String line = rnd.nextBoolean() ? "{\"id\":\"" + big + "\"}" : big;
        return insert(seed, pos, ("\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      case 4: { // invalid UTF-8
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80}};
        return insert(seed, pos, bad[rnd.nextInt(bad.length)]);
      }
      case 5: { // deep nesting in place of a value, or as a line of its own
        int depth = 2_000 + rnd.nextInt(200_000);
        String nest = "[".repeat(depth) + "]".repeat(rnd.nextBoolean() ? depth : 0);
        String s = new String(seed, StandardCharsets.UTF_8);
        Matcher m = STRING_VALUE.matcher(s);
        if (rnd.nextBoolean() && m.find(Math.min(pos, s.length()))) {
          return (s.substring(0, m.start()) + ":" + nest + s.substring(m.end()))
              .getBytes(StandardCharsets.UTF_8);
        }
        return insert(seed, pos, ("\n{\"a\":" + nest + "}\n").getBytes(StandardCharsets.UTF_8));
      }
      default: { // a duplicated or deleted chunk
        int end = Math.min(seed.length, pos + rnd.nextInt(200));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, pos);
        if (rnd.nextBoolean()) {
          out.write(seed, pos, end - pos);
          out.write(seed, pos, end - pos);
        }
        out.write(seed, end, seed.length - end);
        return out.toByteArray();
      }
    }
  }

  private static byte[] insert(byte[] seed, int pos, byte[] what) {
    byte[] b = new byte[seed.length + what.length];
    System.arraycopy(seed, 0, b, 0, pos);
    System.arraycopy(what, 0, b, pos, what.length);
    System.arraycopy(seed, pos, b, pos + what.length, seed.length - pos);
    return b;
  }
}
