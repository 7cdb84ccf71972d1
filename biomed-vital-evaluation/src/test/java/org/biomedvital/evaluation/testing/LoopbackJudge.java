package org.biomedvital.evaluation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.VisionChatModel;

/**
 * A loopback HTTP server speaking OpenAI chat-completions JSON, and a tiny {@link VisionChatModel}
 * adapter that talks to it. The server records every request body and answers with the reply text
 * that {@code replies} computes from the request.
 */
public final class LoopbackJudge implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  /** Starts a server on 127.0.0.1 with a random port. */
  public LoopbackJudge(Function<JsonNode, String> replies) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
      requests.add(body);
      ObjectNode reply = Json.mapper().createObjectNode();
      reply.put("id", "chatcmpl-" + requests.size());
      reply.put("model", body.path("model").asText());
      ObjectNode choice = reply.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("finish_reason", "stop");
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", replies.apply(body));
      reply.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
      byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  /** The request bodies received, in order. */
  public List<JsonNode> requests() {
    return requests;
  }

  /** The user message's text part of a recorded request. */
  public static String userText(JsonNode request) {
    for (JsonNode m : request.get("messages")) {
      if (m.get("role").asText().equals("user")) {
        for (JsonNode part : m.get("content")) {
          if (part.get("type").asText().equals("text")) {
            return part.get("text").asText();
          }
        }
      }
    }
    throw new AssertionError("no user text in " + request);
  }

  /** A chat model that sends OpenAI chat-completions requests to this server. */
  public VisionChatModel model(String modelName) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    return request -> send(uri, modelName, request);
  }

  private ChatResponse send(URI uri, String modelName, ChatRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", modelName);
    request.temperature().ifPresent(t -> body.put("temperature", t));
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode jm = messages.addObject();
      jm.put("role", m.role().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode content = jm.putArray("content");
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
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode reply = Json.mapper().readTree(r.body());
      return ChatResponse.of(reply.at("/choices/0/message/content").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
