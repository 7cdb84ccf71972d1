package org.biomedvital.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.data.ImageRef;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.monitor.TrainerLogParser;
import org.biomedvital.tuning.tiny.TinyLlavaChatModel;
import org.biomedvital.tuning.tiny.TinyLlavaTuningRunner;
import org.biomedvital.tuning.tiny.TinySyntheticData;

/**
 * Prints the tuning figures: the tiny in-JVM model's two-stage demo time and training
 * throughput (target: the whole demo well under 60 s on 2 cores), its answer accuracy on the
 * synthetic colour question, and the Trainer-log parser's speed against a plain regex scan of the
 * same lines (reference, same run).
 *
 * <p>Run: {@code java -cp ... org.biomedvital.benchmarks.TuningBenchmark [threads]}.
 */
public final class TuningBenchmark {
  private TuningBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    String threads = args.length > 0 ? args[0] : "1";
    System.setProperty("ai.djl.pytorch.num_threads", threads);
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty("ai.djl.offline", "true");
    Path dir = Files.createTempDirectory("tuning-bench");
    TinySyntheticData.SyntheticSet data = TinySyntheticData.write(dir.resolve("data"), 64, 11);
    TinyLlavaTuningRunner runner = new TinyLlavaTuningRunner();
    long t0 = System.nanoTime();
    TuningResult s1 = runner.run(TuningJob.builder().stage(1).data(data.alignment())
        .imageFolder(data.images()).outputDir(dir.resolve("s1")).parameter("steps", "40")
        .parameter("vocabulary_data", data.instructions().toString()).build(), TuningListener.NONE);
    TuningResult s2 = runner.run(TuningJob.builder().stage(2).data(data.instructions())
        .imageFolder(data.images()).outputDir(dir.resolve("s2")).baseModel(dir.resolve("s1")
            .toString()).parameter("steps", "150").build(), TuningListener.NONE);
    double demo = (System.nanoTime() - t0) / 1e9;
    int right = 0;
    int asked = 0;
    try (TinyLlavaChatModel chat = TinyLlavaChatModel.load(dir.resolve("s2"))) {
      for (var s : org.biomedvital.tuning.llava.LlavaJson.read(data.instructions())) {
        String answer = chat.chat("What color is the shape in the image?",
            ImageRef.of(data.images().resolve(s.image()))).text();
        asked++;
        if (answer.equals(s.conversation().turns().get(1).text().toLowerCase(Locale.ROOT))) {
          right++;
        }
      }
    }
    Map<String, Double> m2 = s2.metrics();
    row("tiny demo: stage 1 (40 steps) + stage 2 (150 steps), seconds", demo, 60, "target <");
    row("tiny stage 2 samples/s (batch 16, " + threads + " thread(s))",
        m2.get("train_samples_per_second"), Double.NaN, "");
    row("tiny stage 1 loss initial -> final", s1.metrics().get("initial_loss"),
        s1.metrics().get("final_loss"), "ratio final/initial");
    row("tiny stage 2 loss initial -> final", m2.get("initial_loss"), m2.get("final_loss"),
        "target final <= initial/2");
    row("tiny colour answers right (training images)", right, asked, "of");

    List<String> lines = new ArrayList<>();
    Random r = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      lines.add(i % 4 == 0 ? String.format(Locale.ROOT, "{'loss': %.4f, 'grad_norm': %.3f, "
          + "'learning_rate': %.3e, 'epoch': %.2f}", r.nextDouble(), r.nextDouble(),
          r.nextDouble() * 1e-4, i / 1000.0)
          : String.format(Locale.ROOT, " %d%%|###   | %d/200000 [01:00<02:00, %.2fit/s]",
              i / 2000, i, r.nextDouble() * 10));
    }
    double ours = 0;
    double ref = 0;
    Pattern simple = Pattern.compile("'loss': ([0-9.]+)");
    for (int round = 0; round < 3; round++) {
      long a = System.nanoTime();
      TrainerLogParser p = new TrainerLogParser(128);
      long n = 0;
      for (String l : lines) {
        if (p.accept(l).isPresent()) {
          n++;
        }
      }
      ours = lines.size() / ((System.nanoTime() - a) / 1e9);
      long b = System.nanoTime();
      long m = 0;
      for (String l : lines) {
        Matcher mm = simple.matcher(l);
        if (mm.find()) {
          m++;
        }
      }
      ref = lines.size() / ((System.nanoTime() - b) / 1e9);
      if (n != m) {
        throw new IllegalStateException("parsers disagree: " + n + " vs " + m);
      }
    }
    row("Trainer log lines parsed per second (ours vs single-regex loss scan)", ours, ref,
        "ratio ours/reference; target > 100000 lines/s");
  }

  private static void row(String what, double ours, double ref, String note) {
    System.out.println(String.format(Locale.ROOT, "%-72s ours %12.3f  ref %12.3f  ratio %8.3f  %s",
        what, ours, ref, ours / ref, note));
  }
}
