package org.biomedvital.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.clinician.Agreement;
import org.biomedvital.selection.judge.HeuristicJudge;
import org.biomedvital.selection.judge.JudgeRunner;
import org.biomedvital.selection.preference.ModelPairBuilder;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Split;

/**
 * Figures for the preferences issue: offline judging throughput through the journal, paper-scheme
 * pair construction, pair writing through the journal, and agreement statistics. Each figure is
 * compared with a reference measured in the same run on the same data.
 *
 * <p>Run: {@code java -cp ... org.biomedvital.benchmarks.PreferencesBenchmark [candidates]}.
 */
public final class PreferencesBenchmark {
  private PreferencesBenchmark() {}

  /** Runs the benchmark and prints one line per figure. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("prefs-bench");
    try {
      run(n, dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void run(int n, Path dir) throws IOException {
    Random random = new Random(7);
    Path candidates = dir.resolve("candidates.jsonl");
    List<InstructionSample> samples = new ArrayList<>(n);
    try (BufferedWriter w = Files.newBufferedWriter(candidates, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        InstructionSample s = sample(i, random);
        samples.add(s);
        w.write(Samples.toJson(s));
        w.newLine();
      }
    }
    System.out.println("what | ours | reference (same run) | ratio | target");

    // 1. Judging: heuristic judge through the runner and journal vs read + write of the same lines.
    long t0 = System.nanoTime();
    Path copy = dir.resolve("copy.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
      Samples.forEach(candidates, s -> {
        try {
          w.write(Samples.toJson(s));
          w.newLine();
        } catch (IOException e) {
          throw new org.biomedvital.VitalIoException(copy, "cannot write " + copy, e);
        }
      });
    }
    double refJudge = seconds(t0);
    t0 = System.nanoTime();
    JudgeRunner.Summary summary = JudgeRunner.builder().judge(HeuristicJudge.create())
        .concurrency(2).build().run(candidates, dir.resolve("ratings.jsonl"));
    double ours = seconds(t0);
    line("heuristic judge, " + summary.rated() + " candidates -> ratings.jsonl (candidates/s)",
        n / ours, n / refJudge, ">= 1000/s");

    // 2. Pair construction: paper defaults (30,000 train + 10,000 test) vs drawing 40,000 random
    // pairs from the same list with no levels.
    List<RatedSample> rated = new ArrayList<>(n);
    HeuristicJudge judge = HeuristicJudge.create();
    for (InstructionSample s : samples) {
      Rating r = judge.rate(s, null);
      rated.add(new RatedSample(r, s, "conversation"));
    }
    t0 = System.nanoTime();
    PreferenceDataset d = ModelPairBuilder.builder().seed(42).build().build(rated);
    double oursPairs = seconds(t0);
    t0 = System.nanoTime();
    List<PreferencePair> naive = new ArrayList<>(40_000);
    Random r2 = new Random(42);
    for (int i = 0; i < 40_000; i++) {
      naive.add(PreferencePair.of("n" + i, samples.get(r2.nextInt(n)).toBuilder().build(),
          samples.get(r2.nextInt(n)), PreferenceSource.MODEL));
    }
    double refPairs = seconds(t0);
    line("model pairs from " + n + " ratings (" + d.train().size() + " train + "
        + d.validation().size() + " test), seconds", oursPairs, refPairs, "< 2 s");

    // 3. Writing the pairs through the journal vs a plain buffered writer of the same lines.
    t0 = System.nanoTime();
    PreferencePairs.write(dir.resolve("pairs.jsonl"), d);
    double oursWrite = seconds(t0);
    t0 = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("plain.jsonl"))) {
      for (PreferencePair p : d.train()) {
        w.write(PreferencePairs.toJson(p, Split.TRAIN));
        w.newLine();
      }
      for (PreferencePair p : d.validation()) {
        w.write(PreferencePairs.toJson(p, Split.VALIDATION));
        w.newLine();
      }
    }
    double refWrite = seconds(t0);
    line("write 40,000 pairs through the journal, seconds", oursWrite, refWrite, "<= 3x plain");

    // 4. Agreement: 3 annotators on 10,000 shared items; each item has a true preference and each
    // annotator departs from it with probability 0.2 (expected alpha about (1 - 2 * 0.2)^2 = 0.36).
    List<PreferencePair> labels = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      boolean truth = random.nextBoolean();
      InstructionSample a = samples.get((2 * i) % n);
      InstructionSample b = samples.get((2 * i + 1) % n);
      for (String annotator : List.of("dr-a", "dr-b", "dr-c")) {
        boolean flip = truth ^ (random.nextInt(10) < 2);
        labels.add(new PreferencePair(annotator + i, flip ? b : a, flip ? a : b,
            PreferenceSource.CLINICIAN, annotator, 1, Map.of()));
      }
    }
    t0 = System.nanoTime();
    Agreement.Report report = Agreement.of(labels);
    double oursAgree = seconds(t0);
    line(String.format(Locale.ROOT, "agreement on 30,000 labels (alpha %.3f), seconds",
        report.alpha()), oursAgree, Double.NaN, "< 1 s");
  }

  private static InstructionSample sample(int i, Random random) {
    String[] findings = {"hypodense hepatic lesion", "ring-enhancing mass", "pleural effusion",
        "ground-glass opacity", "cortical thinning"};
    String f = findings[random.nextInt(findings.length)];
    String caption = "Contrast-enhanced CT shows a " + f + " in the right lobe; follow-up advised.";
    String good = "The image shows a " + f + " in the right lobe, seen on contrast-enhanced CT, "
        + "which is consistent with the clinical history described.";
    String[] answers = {good, "The caption says " + f + ".", "I'm sorry, I cannot see the image.",
        good + " Further imaging would help characterise it."};
    return InstructionSample.builder().id("fig" + (i / 2) + "#" + (i % 2)).figureId("fig" + (i / 2))
        .image("fig" + (i / 2) + ".jpg").caption(caption)
        .conversation(Conversation.of("What does the scan show?",
            answers[random.nextInt(answers.length)], "Where is the finding?",
            answers[random.nextInt(answers.length)]))
        .build();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void line(String what, double ours, double reference, String target) {
    System.out.println(String.format(Locale.ROOT, "%s | %.3f | %s | %s | %s", what, ours,
        Double.isNaN(reference) ? "-" : String.format(Locale.ROOT, "%.3f", reference),
        Double.isNaN(reference) ? "-" : String.format(Locale.ROOT, "%.2f", ours / reference),
        target));
  }
}
