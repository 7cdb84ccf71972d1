package org.biomedvital.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.cli.InProcessCli;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate} and {@code judge} over 200 figures against {@link FaultServer} answering 30% of
 * requests with faults (429 with and without Retry-After, 500, 503, resets, slow bodies, malformed
 * and truncated JSON): every figure ends either done or recorded as failed with its reason, no
 * record is written twice, no figure gets more than 1 + max-retries calls, and the retries of the
 * whole run stay within the client's retry budget (100 + 20% of first attempts).
 */
final class FaultInjectionTest extends InProcessCli {
  static final int FIGURES = 200;
  static final int MAX_RETRIES = 3;
  /** Figures the server never answers well: they must end recorded as failed. */
  static final Set<String> DOOMED = Set.of(Fixtures.key(3), Fixtures.key(77), Fixtures.key(150));

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void generateAtThirtyPercentFaults() throws Exception {
    Path figures = Fixtures.figures(dir, FIGURES);
    Path demos = Fixtures.demonstrations(dir);
    Path out = dir.resolve("gen");
    try (FaultServer server = new FaultServer(Fixtures.KEY, Fixtures::generationReply, 0.3, 42)) {
      server.alwaysFail(DOOMED);
      int code = run("generate", "--figures", figures.toString(), "--images",
          dir.resolve("images").toString(), "--demonstrations", demos.toString(), "--out",
          out.toString(), "--provider", "openai-compatible", "--base-url", server.baseUrl(),
          "--model", "gpt-4o-mini", "--no-cache", "--max-retries", String.valueOf(MAX_RETRIES),
          "--concurrency", "16", "--seed", "7", "--max-failure-rate", "0.1");

      assertThat(code).as("some failed, within the budget: exit 3; %s", stderr).isEqualTo(3);
      assertThat(stderr).contains("failures by reason:");
      List<JsonNode> done = records(out.resolve("candidates.jsonl"));
      List<JsonNode> failed = records(out.resolve("failures.jsonl"));
      Set<String> doneIds = ids(done, "id");
      Set<String> failedIds = ids(failed, "id");
      assertThat(doneIds).as("no candidate written twice").hasSize(done.size());
      assertThat(failedIds).as("no failure recorded twice").hasSize(failed.size());
      assertThat(doneIds).doesNotContainAnyElementsOf(failedIds);
      Set<String> all = new HashSet<>(doneIds);
      all.addAll(failedIds);
      assertThat(all).as("every figure done or failed").hasSize(FIGURES);
      failed.forEach(f -> assertThat(f.path("reason").asText()).isNotBlank());
      for (String k : DOOMED) {
        assertThat(failedIds).contains(k + "_F1#0");
      }
      for (JsonNode d : done) {
        String key = d.path("id").asText().substring(0, 7);
        assertThat(d.toString()).contains("abnormal").contains(key);
      }
      assertBudget(server, failed.size());
      assertThat(stdout).contains("failed: " + failed.size())
          .contains("candidates written: " + done.size());
      // The model-call count the command reports is what the server saw.
      assertThat(stdout).contains("model calls: " + server.total() + ",");
    }
  }

  @Test
  @Timeout(120)
  void judgeAtThirtyPercentFaults() throws Exception {
    Path candidates = Fixtures.candidates(dir, FIGURES);
    Path out = dir.resolve("ratings.jsonl");
    try (FaultServer server = new FaultServer(Fixtures.KEY, Fixtures::judgeReply, 0.3, 43)) {
      server.alwaysFail(DOOMED);
      int code = run("judge", "--candidates", candidates.toString(), "--images",
          dir.resolve("images").toString(), "--out", out.toString(), "--provider",
          "openai-compatible", "--model", "judge-model", "--setting", "base-url=" + server.baseUrl(),
          "--setting", "max-retries=" + MAX_RETRIES, "--concurrency", "16",
          "--max-failure-rate", "0.1");

      assertThat(code).as("some failed, within the budget: exit 3; %s", stderr).isEqualTo(3);
      assertThat(stderr).contains("failures by reason:");
      List<JsonNode> done = records(out);
      List<JsonNode> failed = records(dir.resolve("ratings.failures.jsonl"));
      Set<String> doneIds = ids(done, "id");
      assertThat(doneIds).hasSize(done.size());
      Set<String> failedIds = new HashSet<>();
      for (JsonNode f : failed) {
        String id = f.has("sample_id") ? f.path("sample_id").asText() : f.path("id").asText();
        failedIds.add(id.contains("@") ? id.substring(0, id.indexOf('@')) : id);
        assertThat(f.toString()).as("a failure says why").containsAnyOf("\"error\"", "\"reason\"");
      }
      assertThat(failedIds).as("one failure record per failed candidate").hasSize(failed.size());
      for (String k : DOOMED) {
        assertThat(failedIds).contains(k + "_F1#0");
      }
      assertThat(doneIds).doesNotContainAnyElementsOf(failedIds);
      Set<String> all = new HashSet<>(doneIds);
      all.addAll(failedIds);
      assertThat(all).as("every candidate rated or failed").hasSize(FIGURES);
      for (JsonNode d : done) {
        String key = d.path("id").asText().substring(0, 7);
        assertThat(d.path("score").asDouble()).isEqualTo(Math.floorMod(key.hashCode(), 11));
      }
      assertBudget(server, failed.size());
      assertThat(stdout).contains(FIGURES + " candidates: " + done.size() + " rated now");
    }
  }

  /** Per figure at most 1 + max-retries calls; all retries within 100 + 20% of first calls. */
  private static void assertBudget(FaultServer server, int failed) {
    Map<String, Integer> calls = server.calls();
    assertThat(calls).doesNotContainKey("?").hasSize(FIGURES);
    calls.forEach((k, n) -> assertThat(n).as("calls for %s", k).isBetween(1, 1 + MAX_RETRIES));
    int retries = server.total() - FIGURES;
    assertThat(retries).as("retries of the run").isLessThanOrEqualTo(100 + FIGURES / 5);
    Map<FaultServer.Fault, Integer> served = server.served();
    assertThat(served.keySet()).as("every fault kind was exercised")
        .containsAll(FaultServer.TRANSIENT_MIX);
    assertThat(served.get(FaultServer.Fault.NONE)).isGreaterThan(FIGURES / 2);
    for (String k : DOOMED) {
      assertThat(calls.get(k)).as("a figure that never succeeds is tried exactly 1 + max-retries"
          + " times").isEqualTo(1 + MAX_RETRIES);
    }
    assertThat(failed).as("failed figures").isGreaterThanOrEqualTo(DOOMED.size());
  }

  static List<JsonNode> records(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(Json.mapper().readTree(line));
      }
    }
    return out;
  }

  static Set<String> ids(List<JsonNode> records, String field) {
    Set<String> s = new HashSet<>();
    records.forEach(r -> s.add(r.path(field).asText()));
    return s;
  }
}
