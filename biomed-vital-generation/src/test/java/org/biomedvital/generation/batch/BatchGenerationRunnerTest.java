package org.biomedvital.generation.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.openai.OpenAiBatchClient;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BatchGenerationRunnerTest {
  @StartStop public final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  /** A loopback implementation of the batch endpoints, with failure injection. */
  static final class FakeBatchApi extends Dispatcher {
    final Map<String, List<String>> files = new ConcurrentHashMap<>();
    final Map<String, String> batchInput = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    final List<Integer> batchSizes = new ArrayList<>();
    volatile int pollsUntilDone = 2;
    volatile int maxRequests = Integer.MAX_VALUE;
    volatile long maxBytes = Long.MAX_VALUE;
    volatile int createdWhenFirstDone = -1;
    volatile boolean sameReply;
    int ids;

    @Override
    public synchronized MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      if (r.getMethod().equals("POST") && path.endsWith("/files")) {
        List<String> lines = new ArrayList<>();
        for (String l : r.getBody().utf8().split("\r?\n")) {
          if (l.startsWith("{\"custom_id\"")) {
            lines.add(l);
          }
        }
        long bytes = lines.stream()
            .mapToLong(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1).sum();
        if (bytes > maxBytes) {
          return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"file of "
              + bytes + " bytes exceeds the limit of " + maxBytes + "\"}}").build();
        }
        String id = "file-" + (++ids);
        files.put(id, lines);
        return json("{\"id\":\"" + id + "\",\"object\":\"file\",\"purpose\":\"batch\"}");
      }
      if (r.getMethod().equals("POST") && path.endsWith("/batches")) {
        String input = read(r.getBody().utf8()).path("input_file_id").asText();
        if (files.get(input).size() > maxRequests) {
          return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\""
              + files.get(input).size() + " requests exceed the limit of " + maxRequests
              + "\"}}").build();
        }
        String id = "batch_" + (++ids);
        batchInput.put(id, input);
        polls.put(id, new AtomicInteger());
        batchSizes.add(files.get(input).size());
        return json("{\"id\":\"" + id + "\",\"status\":\"validating\",\"input_file_id\":\"" + input
            + "\"}");
      }
      if (r.getMethod().equals("GET") && path.contains("/batches/")) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        if (polls.get(id).incrementAndGet() < pollsUntilDone) {
          return json("{\"id\":\"" + id + "\",\"status\":\"in_progress\"}");
        }
        String out = "out-" + id;
        if (createdWhenFirstDone < 0) {
          createdWhenFirstDone = batchSizes.size();
        }
        if (!files.containsKey(out)) {
          List<String> lines = new ArrayList<>();
          for (String req : files.get(batchInput.get(id))) {
            String cid = read(req).path("custom_id").asText();
            ObjectNode line = Json.mapper().createObjectNode().put("custom_id", cid);
            if (failOnce.remove(cid)) {
              line.putObject("response").put("status_code", 500).putObject("body")
                  .putObject("error").put("message", "server error");
            } else {
              line.putObject("response").put("status_code", 200).set("body", read(
                  "{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"content\":\"User: What is it"
                      + (sameReply ? "" : " (" + cid + ")") + "?\\nAssistant: A CT.\\nWith contrast.\"},\"finish_reason\":"
                      + "\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":20}}"));
            }
            lines.add(line.toString());
          }
          files.put(out, lines);
        }
        return json("{\"id\":\"" + id + "\",\"status\":\"completed\",\"output_file_id\":\"" + out
            + "\",\"error_file_id\":null}");
      }
      if (r.getMethod().equals("GET") && path.endsWith("/content")) {
        String id = path.split("/")[path.split("/").length - 2];
        return new MockResponse.Builder().body(String.join("\n", files.get(id)) + "\n").build();
      }
      return new MockResponse.Builder().code(404).build();
    }

    private static JsonNode read(String s) {
      try {
        return Json.mapper().readTree(s);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body)
          .build();
    }
  }

  final FakeBatchApi api = new FakeBatchApi();

  @BeforeEach
  void dispatch() {
    server.setDispatcher(api);
  }

  static List<Figure> figures(int n) {
    List<Figure> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Figure.of("7" + i + "_F1", "Axial CT of the abdomen.", List.of(),
          Set.of(Domain.CT_SCAN)));
    }
    return out;
  }

  private BatchGenerationRunner.Builder runner() {
    return BatchGenerationRunner.builder()
        .client(OpenAiBatchClient.builder().baseUrl(server.url("/v1/").toString())
            .apiKey("sk-batch-0123456789").model("gpt-4o").build())
        .outputDir(dir).candidatesPerFigure(2).seed(3).pollInterval(Duration.ofMillis(10));
  }

  @Test
  void batchAndOnlineModesWriteTheSameCandidateLines() throws Exception {
    api.sameReply = true;
    api.pollsUntilDone = 1;
    RunSummary batch = runner().build().run(figures(3));
    assertThat(batch.written()).isEqualTo(6);
    Path online = dir.resolve("online");
    VisionChatModel model = request -> new ChatResponse(
        "User: What is it?\nAssistant: A CT.\nWith contrast.", TokenUsage.NONE, "gpt-4o", "stop");
    RunSummary s = GenerationRunner.builder()
        .generator(BiomedVitalGenerator.builder(model).build())
        .outputDir(online).candidatesPerFigure(2).seed(3).build().run(figures(3));
    assertThat(s.written()).isEqualTo(6);
    assertThat(new TreeSet<>(Files.readAllLines(online.resolve(GenerationRunner.CANDIDATES))))
        .isEqualTo(new TreeSet<>(Files.readAllLines(dir.resolve(GenerationRunner.CANDIDATES))));
  }

  @Test
  void toBuilderKeepsEverySetting() {
    BatchGenerationRunner r = runner().maxRounds(5).limit(1).build();
    api.pollsUntilDone = 1;
    RunSummary s = r.toBuilder().build().run(figures(3));
    assertThat(s.figures()).isEqualTo(1);
    assertThat(s.written()).isEqualTo(2);
  }

  @Test
  void submitsPollsMapsBackAndResubmitsOnlyTheFailedItems() throws Exception {
    api.failOnce.add("70_F1#1");

    RunSummary s = runner().build().run(figures(3));

    assertThat(s.written()).isEqualTo(6);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(api.batchSizes).containsExactly(6, 1);
    List<InstructionSample> samples = Samples.readJsonl(dir.resolve("candidates.jsonl"));
    assertThat(samples).hasSize(6);
    InstructionSample one = samples.stream().filter(x -> x.id().equals("71_F1#0")).findFirst()
        .orElseThrow();
    assertThat(one.conversation().turns().get(1).text()).isEqualTo("A CT.\nWith contrast.");
    assertThat(one.conversation().turns().get(0).text()).contains("(71_F1#0)");
    assertThat(one.conversation().imageTokenCount()).isEqualTo(1);
    assertThat(one.provenance().model()).isEqualTo("gpt-4o");
    assertThat(Files.readString(dir.resolve("failures.jsonl"))).contains("70_F1#1")
        .contains("HTTP 500: server error");
    assertThat(s.usage().inputTokens()).isEqualTo(6000);
    assertThat(s.usage().costUsd()).isEqualTo(0.5 * (6000 * 2.5 + 120 * 10.0) / 1e6);
    RecordedRequest upload = server.takeRequest();
    assertThat(upload.getHeaders().get("Authorization")).isEqualTo("Bearer sk-batch-0123456789");
    assertThat(upload.getBody().utf8()).contains("name=\"purpose\"").contains("batch")
        .contains("\"url\":\"/v1/chat/completions\"").contains("\"model\":\"gpt-4o\"");
  }

  @Test
  void aRestartedRunPicksUpTheJournaledBatchInsteadOfCreatingAnother() {
    api.pollsUntilDone = 4;

    RunSummary first = runner().maxPolls(2).build().run(figures(2));

    assertThat(first.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("still"));
    assertThat(first.written()).isZero();
    assertThat(api.batchSizes).containsExactly(4);

    RunSummary second = runner().build().run(figures(2));

    assertThat(second.written()).isEqualTo(4);
    assertThat(api.batchSizes).containsExactly(4);
    RunSummary third = runner().build().run(figures(2));
    assertThat(third.skipped()).isEqualTo(4);
    assertThat(api.batchSizes).hasSize(1);
    Set<String> ids = new HashSet<>();
    Samples.forEach(dir.resolve("candidates.jsonl"), x -> assertThat(ids.add(x.id())).isTrue());
  }

  @Test
  void aRunLargerThanOneBatchIsSplitWithinTheLimitsAndEveryCandidateArrives() throws Exception {
    api.maxRequests = 7;
    api.maxBytes = 12_000;
    // The server enforces its limits: one batch of everything is refused.
    assertThatThrownBy(() -> runner().build().run(figures(20)))
        .isInstanceOf(org.biomedvital.RemoteServiceException.class)
        .hasMessageContaining("HTTP 400");
    Files.deleteIfExists(dir.resolve(BatchGenerationRunner.BATCHES));

    RunSummary s = runner().maxRequestsPerBatch(7).maxBytesPerFile(12_000).build()
        .run(figures(20));

    assertThat(s.written()).isEqualTo(40);
    assertThat(s.failed()).isZero();
    assertThat(api.batchSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(7));
    assertThat(api.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
    assertThat(api.batchSizes.size()).isGreaterThanOrEqualTo(6);
    assertThat(api.createdWhenFirstDone).as("all batches submitted before any is collected")
        .isEqualTo(api.batchSizes.size());
    Set<String> ids = new HashSet<>();
    Samples.forEach(dir.resolve("candidates.jsonl"), x -> assertThat(ids.add(x.id())).isTrue());
    assertThat(ids).hasSize(40);
    List<String> journal = Files.readAllLines(dir.resolve(BatchGenerationRunner.BATCHES));
    assertThat(journal).hasSize(2 * api.batchSizes.size());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("batch-input-"));
    }
  }

  @Test
  void aRestartReattachesToEverySubmittedBatch() {
    api.pollsUntilDone = 4;
    RunSummary first = runner().maxRequestsPerBatch(3).maxPolls(2).build().run(figures(4));
    assertThat(first.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("3 batch(es)"));
    assertThat(api.batchSizes).containsExactly(3, 3, 2);

    RunSummary second = runner().maxRequestsPerBatch(3).build().run(figures(4));

    assertThat(second.written()).isEqualTo(8);
    assertThat(api.batchSizes).as("no batch paid twice").hasSize(3);
  }
}
