package org.biomedvital.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate} and {@code judge} run in a child JVM that is SIGKILLed at five seeded points (after
 * a seeded number of model requests), then rerun to completion; the result must equal an
 * uninterrupted run with the same seed, and no rerun may call the model for a record that was
 * already written when the previous process died.
 *
 * <p>Outputs are JSONL journals written by several workers, so line order depends on scheduling:
 * they are compared as sets of parsed records (every field, no field dropped).
 */
final class KillResumeTest {
  private static final int FIGURES = 40;
  private static final int KILLS = 5;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void generateSurvivesKills() throws Exception {
    Path figures = Fixtures.figures(dir, FIGURES);
    Path demos = Fixtures.demonstrations(dir);
    check("generate", Fixtures::generationReply, out -> List.of("generate", "--figures",
        figures.toString(), "--images", dir.resolve("images").toString(), "--demonstrations",
        demos.toString(), "--out", out.toString(), "--provider", "openai-compatible", "--base-url",
        "URL", "--model", "gpt-4o-mini", "--no-cache", "--concurrency", "4", "--seed", "11"),
        out -> out.resolve("candidates.jsonl"), 101);
  }

  @Test
  @Timeout(180)
  void judgeSurvivesKills() throws Exception {
    Path candidates = Fixtures.candidates(dir, FIGURES);
    check("judge", Fixtures::judgeReply, out -> List.of("judge", "--candidates",
        candidates.toString(), "--images", dir.resolve("images").toString(), "--out",
        out.resolve("ratings.jsonl").toString(), "--provider", "openai-compatible", "--model",
        "judge-model", "--setting", "base-url=URL", "--concurrency", "4"),
        out -> out.resolve("ratings.jsonl"), 202);
  }

  private void check(String stage, Function<String, String> reply,
      Function<Path, List<String>> command, Function<Path, Path> output, long seed)
      throws Exception {
    try (FaultServer server = new FaultServer(Fixtures.KEY, reply, 0, seed)) {
      server.latency(25);
      Function<Path, List<String>> cmd = out -> command.apply(out).stream()
          .map(a -> a.replace("URL", server.baseUrl())).toList();

      Path base = Files.createDirectories(dir.resolve(stage + "-base"));
      Child c = Child.start(dir.resolve(stage + "-base-run"), Map.of(), cmd.apply(base));
      assertThat(c.await(90)).as(c.stderrText()).isZero();
      Set<JsonNode> expected = records(output.apply(base));
      assertThat(expected).hasSize(FIGURES);
      assertThat(server.total()).isEqualTo(FIGURES);

      Path killed = Files.createDirectories(dir.resolve(stage + "-killed"));
      Random rnd = new Random(seed);
      int kills = 0;
      int attempts = 0;
      Set<String> writtenBefore = Set.of();
      while (kills < KILLS && attempts++ < 3 * KILLS) {
        server.reset();
        int left = FIGURES - writtenBefore.size();
        if (left < 3) {
          break;
        }
        int killAfter = 1 + rnd.nextInt(left - 2);
        Child run = Child.start(dir.resolve(stage + "-kill-" + attempts), Map.of(),
            cmd.apply(killed));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.total() < killAfter && run.process().isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        boolean wasAlive = run.process().isAlive();
        run.kill();
        assertNoRepeat(server, writtenBefore, stage);
        writtenBefore = ids(output.apply(killed));
        if (wasAlive) {
          kills++;
        }
      }
      assertThat(kills).as("kills that landed while %s was running", stage).isEqualTo(KILLS);
      server.reset();
      Child last = Child.start(dir.resolve(stage + "-final"), Map.of(), cmd.apply(killed));
      assertThat(last.await(90)).as(last.stderrText()).isZero();
      assertNoRepeat(server, writtenBefore, stage);
      assertThat(records(output.apply(killed))).as("%s after %d kills", stage, KILLS)
          .isEqualTo(expected);
      assertThat(lines(output.apply(killed))).as("no duplicate line").hasSize(FIGURES);
    }
  }

  private static void assertNoRepeat(FaultServer server, Set<String> written, String stage) {
    Set<String> called = server.calls().keySet();
    Set<String> repeated = new HashSet<>(called);
    repeated.retainAll(written);
    assertThat(repeated).as("%s called the model again for records already written", stage)
        .isEmpty();
  }

  /** The keys of the complete records in a journal (a torn last line is not a record). */
  private static Set<String> ids(Path file) throws IOException {
    Set<String> s = new HashSet<>();
    for (String line : lines(file)) {
      try {
        JsonNode n = Json.mapper().readTree(line);
        s.add(Fixtures.keyOf(n.path("id").asText()));
      } catch (IOException e) {
        // torn
      }
    }
    return s;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n", -1)) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  private static Set<JsonNode> records(Path file) throws IOException {
    Set<JsonNode> s = new HashSet<>();
    for (String l : lines(file)) {
      s.add(Json.mapper().readTree(l));
    }
    return s;
  }
}
