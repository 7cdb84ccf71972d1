package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.format.Samples;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model judge over a real loopback HTTP server speaking the OpenAI chat-completions shape. */
final class LoopbackJudgeTest {
  @TempDir Path dir;
  private LoopbackChatServer server;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackChatServer.builder().replies(body -> body.toString().contains("Second figure")
        ? "Very good answer overall." : "{\"score\": 9, \"rationale\": \"grounded\"}").build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void scoresOverHttpAndRecordsTheUnparseableReply() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("fig0.png"), JudgeRunnerTest.PNG);
    Files.write(images.resolve("fig1.png"), JudgeRunnerTest.PNG);
    Path in = dir.resolve("candidates.jsonl");
    Files.write(in, List.of(
        Samples.toJson(org.biomedvital.selection.judge.Samples.grounded("fig0#0").toBuilder()
            .figureId("fig0").image("fig0.png").build()),
        Samples.toJson(org.biomedvital.selection.judge.Samples.grounded("fig1#0").toBuilder()
            .figureId("fig1").image("fig1.png").caption("Second figure caption.").build())));
    VisionChatModel http = server.client("judge");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder().model(http).rater("loopback").build();

    JudgeRunner.Summary s = JudgeRunner.builder().judge(judge).images(ImageRoot.of(images))
        .concurrency(2).build().run(in, dir.resolve("ratings.jsonl"));

    assertThat(s.rated()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("ratings.jsonl")))
        .contains("\"id\":\"fig0#0\"", "\"score\":9.0", "\"rater\":\"loopback\"");
    assertThat(Files.readString(dir.resolve("ratings.failures.jsonl")))
        .contains("\"raw_reply\":\"Very good answer overall.\"");
    assertThat(server.requests()).hasSize(2).allSatisfy(b -> {
      assertThat(b.get("temperature").asDouble()).isEqualTo(0.0);
      assertThat(b.at("/response_format/type").asText()).isEqualTo("json_object");
      assertThat(b.at("/messages/1/content/0/image_url/url").asText())
          .startsWith("data:image/png;base64,");
    });
  }
}
