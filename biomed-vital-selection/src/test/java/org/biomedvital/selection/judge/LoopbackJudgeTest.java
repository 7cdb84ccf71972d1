package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.model.VisionChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model judge over a real loopback HTTP server speaking the OpenAI chat-completions shape. */
final class LoopbackJudgeTest {
  @TempDir Path dir;
  private HttpServer server;
  private final ConcurrentLinkedQueue<JsonNode> bodies = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
      bodies.add(body);
      String text = body.toString();
      String reply = text.contains("Second figure") ? "Very good answer overall." : "{\"score\": 9, \"rationale\": \"grounded\"}";
      ObjectNode resp = Json.mapper().createObjectNode();
      resp.putArray("choices").addObject().putObject("message").put("role", "assistant")
          .put("content", reply);
      byte[] bytes = resp.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
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
    VisionChatModel http = new OpenAiShapedClient(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder().model(http).rater("loopback").build();

    JudgeRunner.Summary s = JudgeRunner.builder().judge(judge).images(ImageRoot.of(images))
        .concurrency(2).build().run(in, dir.resolve("ratings.jsonl"));

    assertThat(s.rated()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("ratings.jsonl")))
        .contains("\"id\":\"fig0#0\"", "\"score\":9.0", "\"rater\":\"loopback\"");
    assertThat(Files.readString(dir.resolve("ratings.failures.jsonl")))
        .contains("\"raw_reply\":\"Very good answer overall.\"");
    assertThat(bodies).hasSize(2).allSatisfy(b -> {
      assertThat(b.get("temperature").asDouble()).isEqualTo(0.0);
      assertThat(b.at("/response_format/type").asText()).isEqualTo("json_object");
      assertThat(b.at("/messages/1/content/0/image_url/url").asText())
          .startsWith("data:image/png;base64,");
    });
  }

  /** A minimal test-only client of the OpenAI chat-completions shape. */
  static final class OpenAiShapedClient implements VisionChatModel {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    OpenAiShapedClient(String url) {
      this.url = url;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", "judge");
      request.temperature().ifPresent(t -> body.put("temperature", t));
      if (request.responseFormat() == ResponseFormat.JSON_OBJECT) {
        body.putObject("response_format").put("type", "json_object");
      }
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : request.messages()) {
        ObjectNode mn = messages.addObject();
        mn.put("role", m.role().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode content = mn.putArray("content");
        for (ContentPart p : m.parts()) {
          if (p instanceof ContentPart.Text) {
            content.addObject().put("type", "text").put("text", ((ContentPart.Text) p).text());
          } else {
            content.addObject().put("type", "image_url").putObject("image_url")
                .put("url", ((ContentPart.Image) p).image().toDataUrl());
          }
        }
      }
      try {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode json = Json.mapper().readTree(resp.body());
        return ChatResponse.of(json.at("/choices/0/message/content").asText());
      } catch (IOException e) {
        throw new RemoteServiceException("loopback", 0, true, "POST " + url + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteServiceException("loopback", 0, true, "interrupted", e);
      }
    }
  }
}
