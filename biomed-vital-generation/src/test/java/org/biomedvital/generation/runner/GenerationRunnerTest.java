package org.biomedvital.generation.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.offline.CaptionGroundedGenerator;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GenerationRunnerTest {
  @TempDir Path dir;

  static List<Figure> figures(int n) {
    List<Figure> out = new ArrayList<>();
    Domain[] domains = Domain.values();
    for (int i = 0; i < n; i++) {
      out.add(Figure.of("100" + i + "_F1",
          "Axial CT of the chest showing a " + (i + 1) + " cm nodule (arrow) in the left lung.",
          List.of("The CT ( Fig. 1 ) revealed a pulmonary nodule ."), java.util.Set.of(
              domains[i % domains.length])));
    }
    return out;
  }

  private GenerationRunner.Builder runner(InstructionGenerator g) {
    return GenerationRunner.builder().generator(g).outputDir(dir).candidatesPerFigure(3)
        .concurrency(4).seed(5).progressInterval(Duration.ofMillis(50));
  }

  @Test
  void toBuilderKeepsTheSharedAndTheOnlineSettings() throws Exception {
    GenerationRunner built = runner(new CaptionGroundedGenerator()).limit(2).modelName("m").build();

    RunSummary s = built.toBuilder().build().run(figures(5));

    assertThat(s.figures()).isEqualTo(2);
    assertThat(s.written()).isEqualTo(6);
    assertThat(Files.readAllLines(dir.resolve(GenerationRunner.USAGE)))
        .anySatisfy(l -> assertThat(l).contains("\"per_figure\" : 3"));
  }

  @Test
  void writesNCandidatesPerFigureWithIdsAndProvenance() throws IOException {
    CountingGenerator g = new CountingGenerator(new CaptionGroundedGenerator(), 0);

    RunSummary s = runner(g).build().run(figures(5));

    assertThat(s.written()).isEqualTo(15);
    assertThat(s.failed()).isZero();
    List<InstructionSample> samples = Samples.readJsonl(dir.resolve("candidates.jsonl"));
    assertThat(samples).extracting(InstructionSample::id).containsExactlyInAnyOrder(
        figures(5).stream().flatMap(f -> java.util.stream.IntStream.range(0, 3)
            .mapToObj(k -> f.pairId() + "#" + k)).toArray(String[]::new));
    InstructionSample first = samples.stream().filter(x -> x.id().equals("1000_F1#2")).findFirst()
        .orElseThrow();
    assertThat(first.provenance().generator()).isEqualTo("caption-grounded");
    assertThat(first.provenance().promptTemplate()).isEqualTo("caption-grounded-v1");
    assertThat(first.provenance().candidateIndex()).isEqualTo(2);
    assertThat(first.provenance().seed()).isEqualTo(GenerationRunner.candidateSeed(5, "1000_F1", 2));
    assertThat(first.image()).isEqualTo("1000_F1.jpg");
    assertThat(first.conversation().imageTokenCount()).isEqualTo(1);
    JsonNode usage = Json.mapper().readTree(Files.readString(dir.resolve("usage.json")));
    assertThat(usage.path("candidates").path("written").asInt()).isEqualTo(15);
    assertThat(usage.path("this_run").path("calls").asInt()).isZero();
  }

  @Test
  void toBuilderKeepsEverySettingSoACopyWritesTheSameCandidatesElsewhere() throws IOException {
    GenerationRunner original = runner(new CaptionGroundedGenerator()).limit(3).build();
    original.run(figures(5));
    Path other = dir.resolve("copy");

    RunSummary s = original.toBuilder().outputDir(other).build().run(figures(5));

    assertThat(s.written()).isEqualTo(9);
    java.util.function.Function<InstructionSample, String> idSeedText = x -> x.id() + " "
        + x.provenance().seed() + " " + x.conversation();
    assertThat(Samples.readJsonl(other.resolve("candidates.jsonl"))).extracting(idSeedText)
        .containsExactlyInAnyOrderElementsOf(Samples.readJsonl(dir.resolve("candidates.jsonl"))
            .stream().map(idSeedText).toList());
  }

  @Test
  void aFinishedRunMakesNoCallWhenRunAgain() {
    runner(new CaptionGroundedGenerator()).build().run(figures(4));
    CountingGenerator again = new CountingGenerator(new CaptionGroundedGenerator(), 0);

    RunSummary s = runner(again).build().run(figures(4));

    assertThat(again.calls).hasValue(0);
    assertThat(s.skipped()).isEqualTo(12);
    assertThat(s.written()).isZero();
  }

  @Test
  void usageTotalsAddUpOverRuns() throws IOException {
    java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    java.util.function.Supplier<org.biomedvital.generation.http.Usage> usage = () ->
        new org.biomedvital.generation.http.Usage(calls.get(), 0, 0, 0, 10 * calls.get(), 0,
            0.5 * calls.get());
    CaptionGroundedGenerator real = new CaptionGroundedGenerator();
    InstructionGenerator counting = r -> {
      calls.incrementAndGet();
      return real.generate(r);
    };

    runner(counting).usage(usage).build().run(figures(2));
    runner(counting).usage(usage).build().run(figures(3));

    JsonNode u = Json.mapper().readTree(Files.readString(dir.resolve("usage.json")));
    assertThat(u.path("this_run").path("calls").asLong()).isEqualTo(3);
    assertThat(u.path("total").path("calls").asLong()).isEqualTo(9);
    assertThat(u.path("total").path("cost_usd").asDouble()).isEqualTo(4.5);
  }

  @Test
  void boundsTheCandidatesInFlight() {
    CountingGenerator g = new CountingGenerator(new CaptionGroundedGenerator(), 20);

    runner(g).concurrency(3).build().run(figures(6));

    assertThat(g.maxConcurrent.get()).isBetween(2, 3);
    assertThat(g.calls).hasValue(18);
  }

  @Test
  void shardsPartitionTheCorpus() {
    List<Figure> all = figures(40);
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 3; i++) {
      Shard shard = new Shard(i, 3);
      for (Figure f : all) {
        if (shard.contains(f.pairId())) {
          total++;
          seen.add(f.pairId());
        }
      }
    }
    assertThat(total).isEqualTo(40);
    assertThat(seen).hasSize(40);
    RunSummary s = runner(new CaptionGroundedGenerator()).candidatesPerFigure(1)
        .shard(Shard.parse("1/3")).build().run(all);
    assertThat(s.figures()).isEqualTo((int) all.stream().filter(f -> new Shard(1, 3)
        .contains(f.pairId())).count()).isBetween(5, 25);
  }

  @Test
  void recordsMissingAndEscapingImagesAsFailuresAndGoesOn() throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("1000_F1.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
    List<Figure> fs = new ArrayList<>(figures(2));
    fs.add(new Figure("evil", "", "", "CT of the chest.", List.of(), Set.of(), "../secret.jpg"));

    RunSummary s = runner(new CaptionGroundedGenerator()).candidatesPerFigure(1)
        .outputDir(dir.resolve("out")).imageRoot(ImageRoot.of(images)).build().run(fs);

    assertThat(s.written()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(2);
    List<String> lines = Files.readAllLines(dir.resolve("out/failures.jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(String.join("\n", lines)).contains("1001_F1#0").contains("does not exist")
        .contains("evil#0").contains("escapes the image folder");
  }

  @Test
  void keepsTheRawReplyOfAnUnparseableFailure() throws IOException {
    InstructionGenerator broken = r -> {
      throw new org.biomedvital.UnparseableReplyException("no turns", "I cannot help with that.");
    };

    runner(broken).candidatesPerFigure(1).build().run(figures(1));

    JsonNode f = Json.mapper().readTree(Files.readAllLines(dir.resolve("failures.jsonl")).get(0));
    assertThat(f.path("id").asText()).isEqualTo("1000_F1#0");
    assertThat(f.path("error").asText()).isEqualTo("UnparseableReplyException");
    assertThat(f.path("raw_reply").asText()).isEqualTo("I cannot help with that.");
  }

  @Test
  void stopsStartingCandidatesOnceTheBudgetRefuses() {
    CaptionGroundedGenerator real = new CaptionGroundedGenerator();
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    InstructionGenerator budgeted = r -> {
      if (calls.incrementAndGet() > 5) {
        throw new BudgetExceededException("budget of $1.0000 would be exceeded");
      }
      GenerationResult res = real.generate(r);
      return res;
    };

    RunSummary s = runner(budgeted).concurrency(1).build().run(figures(10));

    assertThat(s.written()).isEqualTo(5);
    assertThat(s.stopReason()).hasValueSatisfying(r -> assertThat(r).startsWith("budget"));
    assertThat(calls.get()).isEqualTo(6);
  }

  @Test
  void reportsProgressWithTotalsAndAFinalEvent() {
    List<GenerationProgress> events = new CopyOnWriteArrayList<>();

    // 15 candidates of 10 ms each, 4 at a time, last at least 40 ms: several 5 ms ticks.
    runner(new CountingGenerator(new CaptionGroundedGenerator(), 10)).listener(events::add)
        .progressInterval(Duration.ofMillis(5)).build().run(figures(5));

    GenerationProgress last = events.get(events.size() - 1);
    assertThat(last.total()).isEqualTo(15);
    assertThat(last.done()).isEqualTo(15);
    assertThat(last.inFlight()).isZero();
    assertThat(events.size()).isGreaterThan(1);
  }

  @Test
  void aKilledRunResumedNeitherLosesNorRepeatsACandidate() throws Exception {
    int figures = 40;
    int perFigure = 3;
    Path out = dir.resolve("killed");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        KillableRun.class.getName(), out.toString(), String.valueOf(figures),
        String.valueOf(perFigure), "25")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    Path file = out.resolve("candidates.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lines(file) < 20 && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(child.isAlive()).as("child still running at kill time; log: %s",
        Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "")
        .isTrue();
    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int before;
    try (Journal j = Journal.open(file)) {
      before = j.size();
    }
    assertThat(before).isBetween(20, figures * perFigure - 1);
    CountingGenerator resumed = new CountingGenerator(new CaptionGroundedGenerator(), 0);

    RunSummary s = GenerationRunner.builder().generator(resumed).outputDir(out)
        .candidatesPerFigure(perFigure).concurrency(4).seed(11).build().run(figures(figures));

    assertThat(resumed.calls.get()).isEqualTo(figures * perFigure - before);
    assertThat(s.skipped()).isEqualTo(before);
    List<String> ids = new ArrayList<>();
    Samples.forEach(file, x -> ids.add(x.id()));
    assertThat(ids).hasSize(figures * perFigure).doesNotHaveDuplicates();
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var s = Files.lines(file)) {
      return s.count();
    }
  }
}
