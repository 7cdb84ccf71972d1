package org.biomedvital.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.biomedvital.internal.Hashing;
import org.biomedvital.testing.LoopbackChatServer;

/**
 * What the shared {@link LoopbackChatServer} answers in the real-model tests: generator requests
 * get a conversation and judge requests (the rubric prompt, with {@code [Conversation]}) a JSON
 * score, both derived from a hash of the request body, so the same request always gets the same
 * reply.
 */
public final class ModelServerReplies implements Function<JsonNode, String> {
  private final AtomicInteger generatorReplies = new AtomicInteger();
  private final AtomicInteger judgeReplies = new AtomicInteger();

  /**
   * Starts a server that speaks HTTP/1.0, closes the connection after every reply, fails every
   * 10th request with a 503 and counts requests without the bearer {@code key}.
   */
  public static LoopbackChatServer start(String key, ModelServerReplies replies)
      throws IOException {
    return LoopbackChatServer.builder().http10().faultEvery(10).expectedKey(key)
        .modelName("loopback-vlm").replies(replies).build();
  }

  @Override
  public String apply(JsonNode body) {
    String text = body.toString();
    String hash = Hashing.sha256Hex(text).substring(0, 12);
    if (text.contains("[Conversation]")) {
      judgeReplies.incrementAndGet();
      int score = 2 + 2 * (Integer.parseInt(hash.substring(0, 2), 16) % 4);
      return "{\"score\": " + score + ", \"rationale\": \"server judge " + hash + "\"}";
    }
    generatorReplies.incrementAndGet();
    return "User: What does this figure show (server " + hash + ")?\n"
        + "Assistant: The server's conversation " + hash + " describes the finding in the figure.";
  }

  /** Generator requests answered with a conversation. */
  public int generatorReplies() {
    return generatorReplies.get();
  }

  /** Judge requests answered with a score. */
  public int judgeReplies() {
    return judgeReplies.get();
  }
}
