package org.biomedvital.cli.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.cli.Main;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation commands with the real {@code openai-compatible} provider on a loopback server. */
final class EvalWithOpenAiProviderTest {
  @StartStop public final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private static String userText(JsonNode body) {
    JsonNode content = body.at("/messages/1/content");
    if (content.isTextual()) {
      return content.asText();
    }
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        return part.get("text").asText();
      }
    }
    return "";
  }

  private void judgeBy(java.util.function.Function<JsonNode, String> reply) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        JsonNode body;
        try {
          body = Json.mapper().readTree(request.getBody().utf8());
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
        com.fasterxml.jackson.databind.node.ObjectNode r = Json.mapper().createObjectNode();
        r.put("model", body.path("model").asText());
        com.fasterxml.jackson.databind.node.ObjectNode choice = r.putArray("choices").addObject();
        choice.putObject("message").put("role", "assistant").put("content", reply.apply(body));
        choice.put("finish_reason", "stop");
        r.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10);
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
            .body(r.toString()).build();
      }
    });
  }

  @Test
  void chatJudgesThroughTheOpenAiCompatibleProvider() throws Exception {
    judgeBy(body -> userText(body).contains("[Assistant 2]\nshort") ? "9 3\nterse" : "8 8\nboth good");
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 0, \"text\": \"What?\\n<image>\", \"gpt4_answer\": \"ref 0\", \"type\": \"conversation\", \"domain\": {\"ct_scan\": true}}\n"
            + "{\"question_id\": 1, \"text\": \"Describe.\\n<image>\", \"gpt4_answer\": \"ref 1\", \"type\": \"detailed_description\", \"domain\": {\"gross\": true}}\n");
    Path answers = Files.writeString(dir.resolve("a.jsonl"),
        "{\"question_id\": 0, \"text\": \"short\"}\n{\"question_id\": 1, \"text\": \"long and right\"}\n");

    int code = run("eval", "chat", "--questions", questions.toString(), "--answers",
        answers.toString(), "--out", dir.resolve("reviews.jsonl").toString(), "--provider",
        "openai-compatible", "--model", "gpt-4-0314", "--base-url",
        server.url("/v1/").toString(), "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.at("/corrected/by_domain/ct_scan/relative_score").asDouble())
        .isCloseTo(100.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(n.at("/corrected/by_domain/gross/relative_score").asDouble()).isEqualTo(100.0);
    assertThat(server.getRequestCount()).isEqualTo(2);
    JsonNode sent = Json.mapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4-0314");
    assertThat(sent.get("temperature").asDouble()).isZero();
    assertThat(userText(sent)).startsWith("[Context]\nFigure Caption:\n").contains("[Question]\nWhat?\n");
  }

  @Test
  void winRateThroughTheOpenAiCompatibleProvider() throws Exception {
    judgeBy(body -> userText(body).contains("[Assistant A]\ngood") ? "[[A]] closer" : "[[B]] closer");
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 1, \"text\": \"Q1\", \"gpt4_answer\": \"R1\", \"answer_type\": \"OPEN\"}\n"
            + "{\"question_id\": 2, \"text\": \"Q2\", \"gpt4_answer\": \"R2\", \"answer_type\": \"OPEN\"}\n");
    Path a = Files.writeString(dir.resolve("a.jsonl"),
        "{\"question_id\": 1, \"text\": \"good\"}\n{\"question_id\": 2, \"text\": \"good too\"}\n");
    Path b = Files.writeString(dir.resolve("b.jsonl"),
        "{\"question_id\": 1, \"text\": \"meh\"}\n{\"question_id\": 2, \"text\": \"meh\"}\n");

    int code = run("eval", "win-rate", "--questions", questions.toString(), "--answers-a",
        a.toString(), "--answers-b", b.toString(), "--out", dir.resolve("j.jsonl").toString(),
        "--provider", "openai-compatible", "--model", "gpt-4o", "--base-url",
        server.url("/v1/").toString(), "--concurrency", "2", "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.get("wins").asInt()).isEqualTo(2);
    assertThat(n.get("win_rate").asDouble()).isEqualTo(100.0);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }
}
