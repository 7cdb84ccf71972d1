package org.biomedvital.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.biomedvital.cli.Main;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.sample.SyntheticSample;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.Ratings;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 12: {@code run --config} with the {@code openai-compatible}
 * generator and judge against a real loopback server that speaks HTTP/1.0, closes every
 * connection and fails one request in ten.
 */
final class RealModelRunTest {
  static final String KEY_VAR = "VITAL_TEST_API_KEY";

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  LoopbackChatServer server;
  String key;

  @BeforeEach
  void start() throws IOException {
    key = System.getenv(KEY_VAR);
    assertThat(key).as("surefire sets " + KEY_VAR).isNotBlank();
    server = ModelServerReplies.start(key, new ModelServerReplies());
    SyntheticSample.write(dir.resolve("sample"), 3);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  static String config(String baseUrl) {
    String client = "base-url: '" + baseUrl + "', model: loopback-vlm, api-key-env: " + KEY_VAR
        + ", max-retries: 3";
    return String.join("\n",
        "output: run",
        "seed: 3",
        "concurrency: 4",
        RunCommandTest.SAMPLE_INPUTS,
        "generate:",
        "  generator: {provider: openai-compatible, settings: {" + client + "}}",
        "  sampling: {strategy: per-domain, k: 1}",
        "  candidates-per-figure: 1",
        "judge:",
        "  judge: {provider: openai-compatible, settings: {" + client + "}}",
        "pairs:",
        "  human-weight: 100",
        "  clinician-validation: 0.2",
        "train:",
        "  embedder: {provider: hashing}",
        "  scorer: {provider: djl-mlp, settings: {epochs: 2}}",
        "select:",
        "  selectors:",
        "    - {provider: top-fraction, settings: {fraction: 0.8}}",
        "tune:",
        "  runner: {provider: fake-runner, settings: {steps: 5}}",
        "evaluate: {provider: fake-evaluation}",
        "report: {provider: html}",
        "");
  }

  Path writeConfig(String baseUrl) throws IOException {
    Path c = dir.resolve("pipeline.yaml");
    Files.writeString(c, config(baseUrl));
    return c;
  }

  @Test
  void theWholeFlowRunsOnARealEndpointThatClosesConnectionsAndFails() throws Exception {
    int code = run("run", "--config", writeConfig(server.baseUrl()).toString());

    assertThat(code).as(out + "\n" + err).isZero();
    Path run = dir.resolve("run");
    assertThat(server.faults()).isPositive();
    assertThat(server.badKeys()).isZero();
    // The candidates are the server's conversations.
    List<InstructionSample> candidates = Samples.readJsonl(run.resolve("candidates.jsonl"));
    assertThat(candidates).hasSize(40).allSatisfy(s -> {
      assertThat(s.conversation().turns().get(1).text()).startsWith("The server's conversation ");
      assertThat(s.provenance().model()).isEqualTo("loopback-vlm");
    });
    // The judge's scores come from the server.
    assertThat(Ratings.read(run.resolve("ratings.jsonl"))).hasSize(40).allSatisfy(r -> {
      assertThat(r.rating().rationale()).startsWith("server judge ");
      assertThat(r.rating().score()).isIn(2.0, 4.0, 6.0, 8.0);
    });
    // At one candidate per figure the pairs are the paper's score-level model pairs.
    PreferenceDataset pairs = PreferencePairs.readDataset(run.resolve("pairs.jsonl"));
    assertThat(pairs.train()).filteredOn(p -> p.source() == PreferenceSource.MODEL).isNotEmpty()
        .allSatisfy(p -> assertThat(p.chosen().figureId()).isNotEqualTo(p.rejected().figureId()));
    assertThat(pairs.validation()).filteredOn(p -> p.source() == PreferenceSource.CLINICIAN)
        .isNotEmpty();
    JsonNode m = Json.mapper().readTree(run.resolve("run-manifest.json").toFile());
    for (String stage : List.of("generate", "judge", "pairs", "train", "score", "select", "export",
        "tune", "evaluate", "report")) {
      assertThat(m.at("/stages/" + stage + "/status").asText()).as(stage).isEqualTo("completed");
    }
    assertThat(m.at("/stages/generate/counts/retries").asLong()).isPositive();
    // The report says what the data are and how the scorer's w and alignment came about.
    String html = Files.readString(run.resolve("report/index.html"));
    assertThat(html).contains("NOT clinical data").contains("score-level scheme")
        .contains("held out for alignment").contains("configured 100, chosen 100")
        .contains("on 12 held-out clinician pairs").contains("deviations from the paper");
    // The API key is in no file of the run.
    byte[] secret = key.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(run)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString()).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(out.toString() + err).doesNotContain(key);
  }

  @Test
  void anUnreachableEndpointFailsTheRunAndNoLaterStageCompletes() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    int code = run("run", "--config",
        writeConfig("http://127.0.0.1:" + closedPort + "/v1").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("generate: 40 of 40 items failed")
        .contains("connection refused").doesNotContain("\tat ");
    JsonNode m = Json.mapper().readTree(dir.resolve("run/run-manifest.json").toFile());
    assertThat(m.at("/stages/generate/status").asText()).isEqualTo("failed");
    m.path("stages").properties().forEach(e ->
        assertThat(e.getValue().path("status").asText()).as(e.getKey()).isIn("failed", "pending"));
  }

  @Test
  void generateAndRunWriteIdenticalCandidatesAndPairsHaveOneShape() throws Exception {
    Path sample = dir.resolve("sample");
    assertThat(run("run", "--config", writeConfig(server.baseUrl()).toString(), "--to", "pairs"))
        .as(out + "\n" + err).isZero();
    int code = run("generate", "--provider", "openai-compatible", "--base-url", server.baseUrl(),
        "--model", "loopback-vlm", "--api-key-env", KEY_VAR, "--max-retries", "3",
        "--figures", sample.resolve("figures.json").toString(),
        "--images", sample.resolve("images").toString(),
        "--demonstrations", sample.resolve("demonstrations.jsonl").toString(),
        "--candidates-per-figure", "1", "--seed", "3", "--no-cache", "--out", dir.resolve("gen").toString());
    assertThat(code).as(out + "\n" + err).isZero();

    assertThat(sortedLines(dir.resolve("gen/candidates.jsonl")))
        .isEqualTo(sortedLines(dir.resolve("run/candidates.jsonl")));

    Path pairs = dir.resolve("pairs.jsonl");
    code = run("pairs", "--ratings", dir.resolve("run/ratings.jsonl").toString(),
        "--candidates", dir.resolve("run/candidates.jsonl").toString(),
        "--train-pairs", "50", "--test-pairs", "10", "--out", pairs.toString());
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(keys(pairs)).isEqualTo(keys(dir.resolve("run/pairs.jsonl")));
  }

  private static List<String> sortedLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.removeIf(String::isBlank);
    lines.sort(null);
    return lines;
  }

  /** The field names of a pairs file's model pairs (with those of their candidates). */
  private static Set<String> keys(Path file) throws IOException {
    Set<String> keys = new TreeSet<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = Json.mapper().readTree(line);
      if (n.path("source").asText().equals("model")) {
        n.fieldNames().forEachRemaining(keys::add);
        n.path("chosen").fieldNames().forEachRemaining(k -> keys.add("chosen." + k));
      }
    }
    return keys;
  }
}
