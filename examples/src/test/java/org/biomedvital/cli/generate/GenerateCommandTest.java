package org.biomedvital.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.cli.InProcessCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GenerateCommandTest extends InProcessCli {
  static final String REPLY = "Here is the dialogue.\\n\\nUser: What modality is this?\\n"
      + "Assistant: It is an axial CT of the chest.\\n\\nUser: What is abnormal?\\n"
      + "Assistant: A nodule in the left upper lobe.\\nIt has spiculated margins.";

  @TempDir Path dir;
  @StartStop public final MockWebServer server = new MockWebServer();

  Path figures;
  Path images;
  Path demos;
  Path out;

  @BeforeEach
  void files() throws IOException {
    figures = dir.resolve("figures.jsonl");
    Files.write(figures, List.of(
        "{\"pair_id\":\"1_F1\",\"fig_label\":\"Figure 1\",\"fig_caption\":\"Axial CT showing a nodule"
            + " (arrow) in the left lung.\",\"in_text_mention\":null,\"domain\":{\"chest_xray\":false,"
            + "\"mri\":false,\"ct_scan\":true,\"histology\":false,\"gross\":false}}",
        "{\"pair_id\":\"2_F1\",\"fig_caption\":\"H&E stain, x400, showing necrosis.\","
            + "\"domain\":{\"histology\":true}}",
        "{\"pair_id\":\"3_F2\",\"fig_caption\":\"MRI of the brain.\",\"domain\":{\"mri\":true}}"));
    images = Files.createDirectories(dir.resolve("images"));
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0};
    Files.write(images.resolve("1_F1.jpg"), jpeg);
    Files.write(images.resolve("2_F1.jpg"), jpeg);
    demos = dir.resolve("demos.jsonl");
    Files.write(demos, List.of("{\"id\":\"7\",\"pair_id\":\"9_F9\",\"fig_caption\":\"Chest X-ray.\","
        + "\"domain\":{\"chest_xray\":true},\"conversations\":[{\"from\":\"human\",\"value\":"
        + "\"What is shown?\"},{\"from\":\"gpt\",\"value\":\"A chest radiograph.\"}]}"));
    out = dir.resolve("out");
  }

  private String[] base(String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("generate", "--figures", figures.toString(),
        "--images", images.toString(), "--demonstrations", demos.toString(), "--out", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void generatesOfflineByDefaultAndRecordsTheMissingImage() throws IOException {
    int code = run(base("--candidates-per-figure", "2"));

    assertThat(code).as(stderr).isEqualTo(1);
    assertThat(stdout).contains("figures: 3, candidates written: 4, already present: 0, failed: 2");
    assertThat(stderr).contains("error: 2 of 6 candidates failed (33.33%), over --max-failure-rate"
        + " 2%").contains("failures by reason:\n  2 x image missing or unreadable under ");
    assertThat(Files.readAllLines(out.resolve("candidates.jsonl"))).hasSize(4)
        .allSatisfy(l -> assertThat(l).contains("\"generator\":\"caption-grounded\""));
    assertThat(Files.readString(out.resolve("failures.jsonl"))).contains("3_F2#0")
        .contains("does not exist");
    assertThat(out.resolve("usage.json")).exists();

    assertThat(run(base("--candidates-per-figure", "2", "--max-failure-rate", "50%"))).isEqualTo(1);
    assertThat(stdout).contains("candidates written: 0, already present: 4, failed: 2");
    assertThat(stderr).contains("2 of 2 candidates failed (100%)");
  }

  @Test
  void generatesWithAnOpenAiCompatibleServerAndMakesNoCallWhenRerun() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
            .body("{\"model\":\"llava\",\"choices\":[{\"message\":{\"content\":\"" + REPLY
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,"
                + "\"completion_tokens\":100}}").build();
      }
    });
    String[] args = base("--provider", "openai-compatible", "--base-url",
        server.url("/v1/").toString(), "--model", "gpt-4o-mini", "--limit", "2", "--budget-usd",
        "5");

    assertThat(run(args)).as(stderr).isZero();

    assertThat(stdout).contains("candidates written: 2").contains("model calls: 2")
        .contains("tokens: 2000 in / 200 out");
    RecordedRequest first = server.takeRequest();
    assertThat(first.getTarget()).isEqualTo("/v1/chat/completions");
    String body = first.getBody().utf8();
    assertThat(body).contains("data:image/jpeg;base64,").contains("A chest radiograph.")
        .contains("\"seed\":");
    String candidates = Files.readString(out.resolve("candidates.jsonl"));
    assertThat(candidates).contains("A nodule in the left upper lobe.\\nIt has spiculated margins.")
        .contains("\"model\":\"gpt-4o-mini\"").contains("\"prompt_template\":\"biomed-vital-v1\"")
        .contains("<image>");

    assertThat(run(args)).isZero();
    assertThat(server.getRequestCount()).isEqualTo(2);
    Files.delete(out.resolve("candidates.jsonl"));
    assertThat(run(args)).isZero();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(stdout).contains("candidates written: 2").contains("cache hits: 2");
  }

  @Test
  void rejectsBadSettingsWithExitCode2() {
    assertThat(run(base("--candidates-per-figure", "0"))).isEqualTo(2);
    assertThat(run(base("--shard", "3"))).isEqualTo(2);
    assertThat(stderr).contains("shard must look like i/k");
    assertThat(run(base("--provider", "openai-compatible"))).isEqualTo(2);
    assertThat(stderr).contains("--model is required with --provider openai-compatible");
  }

  @Test
  void anUnknownProviderListsTheAvailableOnes() {
    assertThat(run(base("--provider", "nope", "--model", "x"))).isEqualTo(2);
    assertThat(stderr).contains("unknown provider 'nope'; available: ").contains("openai-compatible")
        .contains("anthropic").contains("caption-grounded");
  }

  @Test
  void estimatesTheCostWithoutCalling() {
    assertThat(run(base("--provider", "openai-compatible", "--model", "gpt-4o",
        "--candidates-per-figure", "3", "--estimate"))).as(stderr).isZero();
    assertThat(stdout).contains("estimate: 9 requests").contains("estimated cost on gpt-4o");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void batchModeUploadsCreatesPollsAndWritesTheResults() throws Exception {
    String reply = "{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"content\":\"" + REPLY
        + "\"}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}";
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"file-1\"}").build());
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"batch_1\",\"status\":\"validating\"}")
        .build());
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"batch_1\",\"status\":\"completed\","
        + "\"output_file_id\":\"file-2\"}").build());
    server.enqueue(new MockResponse.Builder().body(
        "{\"custom_id\":\"1_F1#0\",\"response\":{\"status_code\":200,\"body\":" + reply + "}}\n"
            + "{\"custom_id\":\"2_F1#0\",\"response\":{\"status_code\":200,\"body\":" + reply
            + "}}\n").build());

    int code = run(base("--provider", "openai-compatible", "--base-url", server.url("/v1/").toString(),
        "--model", "gpt-4o", "--batch", "--poll-seconds", "1", "--max-failure-rate", "0.5"));

    assertThat(code).as(stderr).isEqualTo(3);
    assertThat(stderr).contains("warning: 1 of 3 candidates failed (33.33%), within"
        + " --max-failure-rate 50%; rerun the same command to retry them");
    assertThat(stdout).contains("candidates written: 2").contains("failed: 1")
        .contains("batch results: 2");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/files");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/batches");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/batches/batch_1");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/files/file-2/content");
    assertThat(Files.readString(out.resolve("batches.jsonl"))).contains("batch_1#done");
    assertThat(run(base("--provider", "anthropic", "--model", "c", "--batch"))).isEqualTo(2);
  }

  @Test
  void sendsOneRealClinicianDemonstrationPerDomain() throws Exception {
    Path real = org.biomedvital.testing.SharedData.demonstrations();
    server.enqueue(new MockResponse.Builder().body("{\"model\":\"m\",\"choices\":[{\"message\":"
        + "{\"content\":\"" + REPLY + "\"}}]}").build());

    int code = run("generate", "--figures", figures.toString(), "--images", images.toString(),
        "--demonstrations", real.toString(), "--out", out.toString(), "--provider",
        "openai-compatible", "--base-url", server.url("/v1/").toString(), "--model", "llava",
        "--limit", "1");

    assertThat(code).as(stderr).isZero();
    com.fasterxml.jackson.databind.JsonNode body = org.biomedvital.internal.Json.mapper()
        .readTree(server.takeRequest().getBody().utf8());
    assertThat(body.path("messages")).hasSize(1 + 2 * 5 + 1);
    String provenance = Files.readString(out.resolve("candidates.jsonl"));
    assertThat(org.biomedvital.internal.Json.mapper().readTree(provenance)
        .path("provenance").path("demonstration_ids")).hasSize(5);
  }
}
