package org.biomedvital.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.cli.Main;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} and {@code select} in a child JVM, SIGKILLed at five seeded points each and rerun:
 * the final scores equal an uninterrupted run's (as a set of records: batches may be cut
 * differently on resume), the resumed {@code score} scores only what was not yet written, and
 * {@code selected.json} (selected from the resumed scores, under kills) is byte for byte the one
 * selected from the uninterrupted run's scores, and is never seen half-written.
 */
final class ScoreSelectKillTest {
  private static final int CANDIDATES = 3000;
  private static final int KILLS = 5;
  private static final Pattern SCORED = Pattern.compile("scored (\\d+) candidates \\((\\d+) already");

  @TempDir Path dir;

  @Test
  @Timeout(240)
  void scoreAndSelectSurviveKills() throws Exception {
    Path scorer = trainScorer();
    Path candidates = candidates();
    List<String> score = List.of("score", "--scorer", scorer.toString(), "--candidates",
        candidates.toString(), "--out", "OUT");
    Path baseScores = dir.resolve("base-scores.jsonl");
    Child base = Child.start(dir.resolve("score-base"), Map.of(), with(score, baseScores));
    assertThat(base.await(120)).as(base.stderrText()).isZero();
    Set<JsonNode> expected = records(baseScores);
    assertThat(expected).hasSize(CANDIDATES);
    long fullSize = Files.size(baseScores);

    Path scores = dir.resolve("scores.jsonl");
    Random rnd = new Random(5);
    int kills = 0;
    int partial = 0;
    for (int attempt = 0; kills < KILLS && attempt < 4 * KILLS; attempt++) {
      long before = Files.exists(scores) ? Files.size(scores) : 0;
      long killAt = before + 1 + (long) (rnd.nextDouble() * Math.max(1, fullSize - before - 1) * 0.5);
      Child c = Child.start(dir.resolve("score-kill-" + attempt), Map.of(), with(score, scores));
      while (c.process().isAlive() && (!Files.exists(scores) || Files.size(scores) < killAt)) {
        Thread.sleep(1);
      }
      boolean alive = c.process().isAlive();
      c.kill();
      if (alive) {
        kills++;
        long after = Files.exists(scores) ? Files.size(scores) : 0;
        if (after > before && after < fullSize) {
          partial++;
        }
      } else if (c.process().exitValue() == 0) {
        Files.delete(scores); // finished before the kill point: start over
      }
    }
    assertThat(kills).as("score kills that landed while it ran").isEqualTo(KILLS);
    assertThat(partial).as("kills that left a partly written scores file").isPositive();
    int present = lines(scores);
    Child last = Child.start(dir.resolve("score-final"), Map.of(), with(score, scores));
    assertThat(last.await(120)).as(last.stderrText()).isZero();
    Matcher m = SCORED.matcher(last.stdoutText());
    assertThat(m.find()).as(last.stdoutText()).isTrue();
    assertThat(Integer.parseInt(m.group(2))).as("already scored, not scored again").isEqualTo(present);
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(CANDIDATES - present);
    assertThat(lines(scores)).as("no duplicate line").isEqualTo(CANDIDATES);
    // Scoring a batch cut differently on resume may change float32 round-off in the last bits:
    // ids and scorer must match exactly, scores to 1e-6 (see docs/reliability.md).
    Map<String, Double> want = scoreMap(expected);
    Map<String, Double> got = scoreMap(records(scores));
    assertThat(got.keySet()).as("scored ids after %d kills", KILLS).isEqualTo(want.keySet());
    int differing = 0;
    for (Map.Entry<String, Double> e : want.entrySet()) {
      assertThat(got.get(e.getKey())).as("score of %s", e.getKey())
          .isCloseTo(e.getValue(), org.assertj.core.api.Assertions.within(1e-6));
      if (!got.get(e.getKey()).equals(e.getValue())) {
        differing++;
      }
    }
    System.err.printf(java.util.Locale.ROOT, "score kills: %d (partial files: %d); scores not"
        + " bit-identical after resume: %d of %d%n", kills, partial, differing, CANDIDATES);

    List<String> select = List.of("select", "--scores", "SCORES", "--candidates",
        candidates.toString(), "--out", "OUT", "--top-fraction", "0.8", "--per-domain-quota",
        "pool", "--seed", "9");
    // The reference is the uninterrupted pipeline: select over the uninterrupted run's scores.
    Path baseSelected = dir.resolve("base-selected.json");
    long t0 = System.nanoTime();
    Child sb = Child.start(dir.resolve("select-base"), Map.of(),
        with(select, baseSelected, baseScores));
    assertThat(sb.await(120)).as(sb.stderrText()).isZero();
    long baseMillis = (System.nanoTime() - t0) / 1_000_000;
    byte[] expectedBytes = Files.readAllBytes(baseSelected);
    assertThat(Json.mapper().readTree(expectedBytes).size()).isEqualTo(CANDIDATES * 8 / 10);

    Path selected = dir.resolve("selected.json");
    int selectKills = 0;
    for (int attempt = 0; selectKills < KILLS && attempt < 4 * KILLS; attempt++) {
      long delay = 100 + (long) (rnd.nextDouble() * baseMillis * 0.9);
      Child c = Child.start(dir.resolve("select-kill-" + attempt), Map.of(),
          with(select, selected, scores));
      long end = System.nanoTime() + delay * 1_000_000;
      while (c.process().isAlive() && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      boolean alive = c.process().isAlive();
      c.kill();
      if (alive) {
        selectKills++;
      }
      if (Files.exists(selected)) {
        assertThat(Files.readAllBytes(selected)).as("selected.json is whole or absent")
            .isEqualTo(expectedBytes);
        if (!alive) {
          Files.delete(selected);
        }
      }
    }
    assertThat(selectKills).as("select kills that landed while it ran").isEqualTo(KILLS);
    Child done = Child.start(dir.resolve("select-final"), Map.of(),
        with(select, selected, scores));
    assertThat(done.await(120)).as(done.stderrText()).isZero();
    assertThat(Files.readAllBytes(selected)).as("selected.json byte for byte").isEqualTo(expectedBytes);
  }

  private static List<String> with(List<String> args, Path out) {
    return with(args, out, null);
  }

  private static List<String> with(List<String> args, Path out, Path scores) {
    return args.stream().map(a -> a.equals("OUT") ? out.toString()
        : a.equals("SCORES") ? scores.toString() : a).toList();
  }

  private Path trainScorer() throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      PreferencePair p = PreferencePair.of("p" + i, sample("g" + i, Domain.CT_SCAN,
          "The scan shows a well-defined hypodense lesion in the liver consistent with a cyst " + i),
          sample("b" + i, Domain.CT_SCAN, "I am sorry, I cannot view the image."),
          i % 4 == 0 ? PreferenceSource.CLINICIAN : PreferenceSource.MODEL);
      pairs.add(PreferencePairs.toJson(p, i < 32 ? Split.TRAIN : Split.VALIDATION));
    }
    Files.write(dir.resolve("pairs.jsonl"), pairs);
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), "train-scorer", "--pairs",
        dir.resolve("pairs.jsonl").toString(), "--out", dir.resolve("scorer").toString(),
        "--embedder", "hashing:64", "--epochs", "2", "--seed", "3");
    assertThat(code).as(e.toString()).isZero();
    return dir.resolve("scorer");
  }

  private Path candidates() throws Exception {
    List<String> lines = new ArrayList<>();
    Random r = new Random(17);
    String[] findings = {"a hypodense lesion in the liver", "a left lower lobe consolidation",
      "no acute abnormality", "a ring-enhancing mass", "I cannot view the image"};
    for (int i = 0; i < CANDIDATES; i++) {
      Domain d = i % 3 == 0 ? Domain.MRI : Domain.CT_SCAN;
      lines.add(Samples.toJson(sample("c" + i, d, "The image shows "
          + findings[r.nextInt(findings.length)] + " (case " + i + ").")));
    }
    return Files.write(dir.resolve("candidates.jsonl"), lines);
  }

  private static InstructionSample sample(String id, Domain d, String answer) {
    return InstructionSample.builder().id(id).figureId("fig-" + id).image("fig-" + id + ".jpg")
        .domains(Set.of(d)).caption("CT of the abdomen")
        .conversation(Conversation.of("What is shown?", answer)).build();
  }

  /** Complete lines: a torn last line (no '\n') is cut by the journal when reopened. */
  private static int lines(Path f) throws Exception {
    if (!Files.exists(f)) {
      return 0;
    }
    String[] parts = Files.readString(f).split("\n", -1);
    int n = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!parts[i].isBlank()) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, Double> scoreMap(Set<JsonNode> records) {
    Map<String, Double> m = new java.util.HashMap<>();
    for (JsonNode n : records) {
      assertThat(n.path("scorer").asText()).endsWith("scorer");
      m.put(n.path("id").asText(), n.path("score").asDouble());
    }
    return m;
  }

  private static Set<JsonNode> records(Path f) throws Exception {
    Set<JsonNode> s = new HashSet<>();
    for (String l : Files.readAllLines(f)) {
      if (!l.isBlank()) {
        s.add(Json.mapper().readTree(l));
      }
    }
    return s;
  }
}
