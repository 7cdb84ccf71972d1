package org.biomedvital.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.cli.Main;
import org.biomedvital.data.Conversation;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline demo with the real embedded defaults, end to end, then resumed. */
final class DemoEndToEndTest {
  private static final List<String> STAGES = List.of("generate", "judge", "pairs", "train", "score",
      "select", "export", "tune", "evaluate", "report");

  @TempDir Path dir;

  @Test
  void runsEveryStageOfflineAndAResumedRunRedoesNothing() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "demo", "--out", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    Path run = dir.resolve("run");
    JsonNode manifest = Json.mapper().readTree(run.resolve("run-manifest.json").toFile());
    for (String stage : STAGES) {
      assertThat(manifest.path("stages").path(stage).path("status").asText())
          .as(stage).isEqualTo("completed");
    }
    JsonNode selected = Json.mapper().readTree(run.resolve("selected.json").toFile());
    long candidates = Files.lines(run.resolve("candidates.jsonl")).count();
    assertThat(candidates).isEqualTo(80);
    assertThat(selected.size()).isEqualTo(64);
    for (JsonNode record : selected) {
      JsonNode turns = record.path("conversations");
      assertThat(turns.get(0).path("from").asText()).isEqualTo("human");
      int tokens = 0;
      for (JsonNode t : turns) {
        tokens += t.path("value").asText().split(Conversation.IMAGE_TOKEN, -1).length - 1;
      }
      assertThat(tokens).as(record.path("id").asText()).isEqualTo(1);
      assertThat(turns.get(0).path("value").asText()).contains(Conversation.IMAGE_TOKEN);
    }
    assertThat(run.resolve("scorer")).isDirectory();
    JsonNode tables = Json.mapper().readTree(run.resolve("evaluation/tables.json").toFile());
    assertThat(tables.path("tables").get(0).path("rows")).hasSize(6);
    String report = Files.readString(run.resolve("report/index.html"));
    assertThat(report).contains("data:image/png;base64,").contains("Held-out answers");

    StringWriter again = new StringWriter();
    int second = Main.run(new PrintWriter(again), new PrintWriter(err), "run", "--config",
        dir.resolve("pipeline.yaml").toString());

    assertThat(second).as(err.toString()).isZero();
    assertThat(again.toString()).contains("ran 0 stage(s)");
  }
}
