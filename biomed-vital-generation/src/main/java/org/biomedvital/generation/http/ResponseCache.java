package org.biomedvital.generation.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed cache of chat responses on disk. The key is the SHA-256 of the namespace
 * (provider and endpoint), the model, every sampling parameter, and the messages with each image
 * replaced by the SHA-256 of its content; a re-run of a finished job is answered entirely from here.
 *
 * <p>Entries are JSON files {@code <dir>/<2 hex>/<64 hex>.json} written to a temporary file and
 * moved into place, so a crash never leaves a half entry. No secret is part of a key or an entry.
 * Thread-safe and safe to share between processes.
 */
public final class ResponseCache {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

  private final Path dir;

  private ResponseCache(Path dir) {
    this.dir = dir;
  }

  /** A cache in {@code dir} (created when the first entry is written). */
  public static ResponseCache at(Path dir) {
    return new ResponseCache(Objects.requireNonNull(dir, "dir == null"));
  }

  /** The cache folder. */
  public Path dir() {
    return dir;
  }

  /** The cache key of a request to {@code model} under {@code namespace}. */
  public static String key(String namespace, String model, ChatRequest request) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("namespace", namespace);
    n.put("model", request.model().orElse(model));
    request.temperature().ifPresent(v -> n.put("temperature", v));
    request.topP().ifPresent(v -> n.put("top_p", v));
    request.maxTokens().ifPresent(v -> n.put("max_tokens", v));
    request.seed().ifPresent(v -> n.put("seed", v));
    n.put("format", request.responseFormat().name());
    ArrayNode messages = n.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode mn = messages.addObject();
      mn.put("role", m.role().name());
      ArrayNode parts = mn.putArray("parts");
      for (ContentPart p : m.parts()) {
        if (p instanceof ContentPart.Text) {
          parts.addObject().put("text", ((ContentPart.Text) p).text());
        } else {
          ContentPart.Image img = (ContentPart.Image) p;
          parts.addObject().put("image_sha256", img.image().sha256()).put("detail", img.detail());
        }
      }
    }
    return Hashing.sha256Hex(n.toString());
  }

  private Path file(String key) {
    return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
  }

  /** The cached response for {@code key}, if any; an unreadable entry counts as a miss. */
  public Optional<ChatResponse> get(String key) {
    Path f = file(key);
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
      return Optional.of(new ChatResponse(n.path("text").asText(),
          new TokenUsage(n.path("input_tokens").asLong(0), n.path("output_tokens").asLong(0)),
          n.path("model").asText(""), n.path("finish_reason").asText("")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache entry {} is unreadable ({}); ignoring it", f, e.toString());
      return Optional.empty();
    }
  }

  /** Stores a response under {@code key} (atomically). Failures are logged, not thrown. */
  public void put(String key, ChatResponse response) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("text", response.text());
    n.put("input_tokens", response.usage().inputTokens());
    n.put("output_tokens", response.usage().outputTokens());
    n.put("model", response.model());
    n.put("finish_reason", response.finishReason());
    Path f = file(key);
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), key.substring(0, 8), ".tmp");
      Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot write cache entry {}: {}", f, e.toString());
    }
  }

  @Override
  public String toString() {
    return "ResponseCache{" + dir + "}";
  }
}
