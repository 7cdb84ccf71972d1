package org.biomedvital.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Turn;
import org.biomedvital.format.LlavaInstructions;
import org.biomedvital.format.LlavaRecord;
import org.biomedvital.format.ReadMode;
import org.biomedvital.format.RecordReader;
import org.biomedvital.format.RecordWriter;
import org.biomedvital.internal.Json;

/**
 * Measures the streaming LLaVA-Med instruction reader and writer on a synthetic 80,000-record file
 * (about 150 MB) against raw Jackson streaming on the same file, in one run.
 *
 * <p>Run with {@code -Xmx256m} to show that reading does not hold the file in memory:
 * {@code java -Xmx256m -cp ... org.biomedvital.benchmarks.FormatBenchmark [records] [rounds]}.
 *
 * <p>References: "Jackson tokens+text" walks every token and materialises every string value
 * ({@code getText()}), the least work that gets the data out of the file; "Jackson tokens only"
 * calls {@code nextToken()} and leaves strings undecoded. Our reader does the former plus building
 * and validating each record.
 */
public final class FormatBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final String[] WORDS = (
      "the image shows a lesion in the left lower lobe with surrounding consolidation and a small "
      + "pleural effusion axial computed tomography contrast enhanced scan demonstrates hypodense mass "
      + "liver segment histology section stained with hematoxylin eosin reveals glandular "
      + "architecture nuclei mitotic figures magnification chest radiograph cardiomegaly mri "
      + "t2 weighted hyperintense signal white matter edema gross specimen resected tumour margin "
      + "arrow indicates finding patient diagnosis suggests consistent with differential includes "
      + "µm ×100 °C β-catenin").split(" ");

  private FormatBenchmark() {}

  /** Arguments: record count (default 80000), timed rounds (default 3). */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 80_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("format-benchmark");
    Path file = dir.resolve("synthetic-instructions.json");
    Path jacksonFile = dir.resolve("jackson-written.json");
    try {
      OUT.printf(Locale.ROOT, "FormatBenchmark: %d records, %d rounds, max heap %d MiB, %s%n",
          records, rounds, Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));

      List<Double> ourWrite = new ArrayList<>();
      List<Double> jacksonWrite = new ArrayList<>();
      long bytes = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        writeOurs(file, records);
        ourWrite.add(mbPerSecond(Files.size(file), System.nanoTime() - t0));
        t0 = System.nanoTime();
        writeJackson(jacksonFile, records);
        jacksonWrite.add(mbPerSecond(Files.size(jacksonFile), System.nanoTime() - t0));
        bytes = Files.size(file);
      }
      Files.delete(jacksonFile);
      OUT.printf(Locale.ROOT, "file: %s, %.1f MB (%d bytes)%n", file.getFileName(), bytes / 1e6, bytes);

      List<Double> ourRead = new ArrayList<>();
      List<Double> rawText = new ArrayList<>();
      List<Double> rawTokens = new ArrayList<>();
      List<Double> ourReadCpu = new ArrayList<>();
      List<Double> rawTextCpu = new ArrayList<>();
      List<Double> rawTokensCpu = new ArrayList<>();
      long checksum = 0;
      // Warm-up pass of each, untimed, then alternate so that noise hits all three alike.
      checksum += readOurs(file, records) + readJacksonText(file) + readJacksonTokens(file);
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        long c0 = cpu();
        checksum += readOurs(file, records);
        ourRead.add(mbPerSecond(bytes, System.nanoTime() - t0));
        ourReadCpu.add(mbPerSecond(bytes, cpu() - c0));
        t0 = System.nanoTime();
        c0 = cpu();
        checksum += readJacksonText(file);
        rawText.add(mbPerSecond(bytes, System.nanoTime() - t0));
        rawTextCpu.add(mbPerSecond(bytes, cpu() - c0));
        t0 = System.nanoTime();
        c0 = cpu();
        checksum += readJacksonTokens(file);
        rawTokens.add(mbPerSecond(bytes, System.nanoTime() - t0));
        rawTokensCpu.add(mbPerSecond(bytes, cpu() - c0));
      }
      double ours = best(ourRead);
      double refText = best(rawText);
      double refTokens = best(rawTokens);
      OUT.println();
      OUT.println("what                                   | MB/s (best of rounds) | all rounds");
      row("our streaming write (LlavaInstructions)", best(ourWrite), ourWrite);
      row("Jackson JsonGenerator write (context)", best(jacksonWrite), jacksonWrite);
      row("our streaming read (LlavaInstructions)", ours, ourRead);
      row("raw Jackson read, tokens+text (ref)", refText, rawText);
      row("raw Jackson read, tokens only", refTokens, rawTokens);
      OUT.println("by thread CPU time (robust to other processes on a shared machine):");
      row("our streaming read (CPU)", best(ourReadCpu), ourReadCpu);
      row("raw Jackson tokens+text (CPU, ref)", best(rawTextCpu), rawTextCpu);
      row("raw Jackson tokens only (CPU)", best(rawTokensCpu), rawTokensCpu);
      OUT.println();
      OUT.printf(Locale.ROOT, "CPU-time read ratio ours / Jackson tokens+text = %.2f (target >= 0.70): %s%n",
          best(ourReadCpu) / best(rawTextCpu), best(ourReadCpu) / best(rawTextCpu) >= 0.70 ? "MET" : "NOT MET");
      OUT.printf(Locale.ROOT, "CPU-time read ratio ours / Jackson tokens only = %.2f%n",
          best(ourReadCpu) / best(rawTokensCpu));
      OUT.printf(Locale.ROOT, "read ratio ours / Jackson tokens+text = %.2f (target >= 0.70): %s%n",
          ours / refText, ours / refText >= 0.70 ? "MET" : "NOT MET");
      OUT.printf(Locale.ROOT, "read ratio ours / Jackson tokens only = %.2f%n", ours / refTokens);
      OUT.printf(Locale.ROOT, "read with max heap %d MiB: OK (checksum %d)%n",
          Runtime.getRuntime().maxMemory() >> 20, checksum);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(jacksonFile);
      Files.deleteIfExists(dir);
    }
  }

  private static void row(String what, double best, List<Double> all) {
    StringBuilder sb = new StringBuilder();
    for (double d : all) {
      sb.append(String.format(Locale.ROOT, "%.1f ", d));
    }
    OUT.printf(Locale.ROOT, "%-38s | %21.1f | %s%n", what, best, sb.toString().trim());
  }

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double best(List<Double> values) {
    return values.stream().max(Comparator.naturalOrder()).orElse(0.0);
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  /** The synthetic record {@code i}: 8 turns of about 1,700 characters in all. */
  static LlavaRecord record(int i) {
    Random random = new Random(i * 31L + 7);
    List<Turn> turns = new ArrayList<>(8);
    for (int t = 0; t < 8; t++) {
      StringBuilder sb = new StringBuilder();
      int words = t % 2 == 0 ? 7 + random.nextInt(7) : 30 + random.nextInt(20);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        sb.append(WORDS[random.nextInt(WORDS.length)]);
      }
      sb.append(t % 2 == 0 ? "?" : ".");
      String text = t == 0 ? "<image>\n" + sb : sb.toString();
      turns.add(t % 2 == 0 ? Turn.human(text) : Turn.gpt(text));
    }
    Set<Domain> domains = EnumSet.of(Domain.values()[i % 5]);
    if (i % 17 == 0) {
      domains.add(Domain.CT_SCAN);
    }
    return LlavaRecord.of("PMC" + (1_000_000 + i) + "_F" + (i % 7 + 1), (1_000_000 + i) + "_F1.jpg",
        domains, new Conversation(turns));
  }

  private static void writeOurs(Path file, int records) {
    try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(file)) {
      for (int i = 0; i < records; i++) {
        w.write(record(i));
      }
    }
  }

  private static void writeJackson(Path file, int records) throws IOException {
    JsonFactory f = Json.factory();
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = f.createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < records; i++) {
        LlavaRecord r = record(i);
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("image", r.image().orElseThrow());
        g.writeObjectFieldStart("domain");
        for (Domain d : Domain.WIRE_ORDER) {
          g.writeBooleanField(d.wireName(), r.domains().orElseThrow().contains(d));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("conversations");
        for (Turn t : r.turns()) {
          g.writeStartObject();
          g.writeStringField("from", t.role().wireName());
          g.writeStringField("value", t.text());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  private static long readOurs(Path file, int expected) {
    long sum = 0;
    long n = 0;
    try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(file, ReadMode.STRICT)) {
      while (r.hasNext()) {
        LlavaRecord rec = r.next();
        sum += rec.turns().size() + rec.turns().get(1).text().length();
        n++;
      }
    }
    if (n != expected) {
      throw new IllegalStateException("read " + n + " records but wrote " + expected);
    }
    return sum;
  }

  private static long readJacksonText(Path file) throws IOException {
    long sum = 0;
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = Json.factory().createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          sum += p.getText().length();
        } else if (t == JsonToken.FIELD_NAME) {
          sum += p.currentName().length();
        }
      }
    }
    return sum;
  }

  private static long readJacksonTokens(Path file) throws IOException {
    long sum = 0;
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = Json.factory().createParser(in)) {
      while (p.nextToken() != null) {
        sum++;
      }
    }
    return sum;
  }
}
