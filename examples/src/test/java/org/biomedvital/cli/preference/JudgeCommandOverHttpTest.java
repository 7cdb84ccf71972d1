package org.biomedvital.cli.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.cli.Main;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code biomed-vital judge} with the real openai-compatible provider against a loopback server:
 * the request carries the image at temperature 0, a score is recorded, an unparseable reply is
 * recorded with its raw text, and the key never reaches a file.
 */
final class JudgeCommandOverHttpTest {
  private static final String KEY = "sk-test-0123456789abcdef";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  @TempDir Path dir;
  private LoopbackChatServer server;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackChatServer.builder().expectedKey(KEY).modelName("judge-model")
        .replies(body -> body.toString().contains("Second figure")
            ? "This answer deserves a high mark." : "{\"score\": 8, \"rationale\": \"grounded\"}")
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void judgesThroughTheOpenAiCompatibleProvider() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("fig0.png"), PNG);
    Files.write(images.resolve("fig1.png"), PNG);
    Path in = dir.resolve("candidates.jsonl");
    Files.write(in, List.of(
        Samples.toJson(sample("fig0", "First figure caption.")),
        Samples.toJson(sample("fig1", "Second figure caption."))));
    Path out = dir.resolve("ratings.jsonl");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();

    int code = Main.run(new PrintWriter(o), new PrintWriter(e), "judge",
        "--candidates", in.toString(), "--images", images.toString(), "--out", out.toString(),
        "--provider", "openai-compatible", "--model", "judge-model",
        "--base-url", server.baseUrl() + "/",
        "--setting", "api-key=" + KEY, "--max-retries", "0", "--concurrency", "2",
        "--max-failure-rate", "50%");

    assertThat(code).as(e.toString()).isEqualTo(3);
    assertThat(e.toString()).contains("warning: --setting api-key=... puts a secret on the command"
        + " line").contains("pass --api-key-env VAR")
        .contains("1 of 2 candidates failed (50%), within --max-failure-rate 50%")
        .contains("  1 x ");
    assertThat(o.toString()).contains("2 candidates: 1 rated now, 0 already rated, 1 failed");
    String ratings = Files.readString(out);
    assertThat(ratings).contains("\"id\":\"fig0#0\"", "\"score\":8.0", "\"rater\":\"judge-model\"",
        "\"rubric_id\":\"biomed-vital-clinician@1\"");
    String failures = Files.readString(dir.resolve("ratings.failures.jsonl"));
    assertThat(failures).contains("\"raw_reply\":\"This answer deserves a high mark.\"");
    assertThat(ratings + failures + o + e).doesNotContain(KEY);
    assertThat(server.badKeys()).isZero();
    assertThat(server.requests()).hasSize(2).allSatisfy(b -> {
      assertThat(b.get("temperature").asDouble()).isEqualTo(0.0);
      assertThat(b.toString()).contains("data:image/png;base64,");
    });
  }

  private static InstructionSample sample(String figure, String caption) {
    return InstructionSample.builder().id(figure + "#0").figureId(figure).image(figure + ".png")
        .caption(caption)
        .conversation(Conversation.of("What is shown?", "A lesion in the liver."))
        .build();
  }
}
