package org.biomedvital.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.biomedvital.journal.Journal;
import org.biomedvital.internal.Json;

/**
 * The one codec of {@code *failures.jsonl} lines ({@link FailureRecord} plus optional extra fields
 * such as {@code figure_id} or {@code raw_reply}), and the count of the failures still open.
 *
 * <p>A failures file is an append-only journal keyed by {@code failure_id}: a failure stays in it
 * after the item succeeds on a rerun, so readers count only the <em>remaining</em> ones, those whose
 * item is still not done ({@link #remaining}).
 */
public final class FailureLog {
  private FailureLog() {}

  /** The JSON line of {@code r} with {@code extra} fields after the record's own. */
  public static String toJson(FailureRecord r, Map<String, ?> extra) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("failure_id", r.failureId());
    n.put("id", r.itemId());
    n.put("stage", r.stage());
    n.put("error", r.error());
    n.put("reason", r.reason());
    n.put("message", r.message());
    n.put("retriable", r.retriable());
    n.put("time", r.time().toString());
    extra.forEach((k, v) -> {
      if (v instanceof Number) {
        n.put(k, ((Number) v).longValue());
      } else if (v instanceof Boolean) {
        n.put(k, (Boolean) v);
      } else if (v != null) {
        n.put(k, v.toString());
      }
    });
    return n.toString();
  }

  /** Reads one line written by {@link #toJson}; missing fields become empty. */
  public static FailureRecord fromJson(JsonNode n) {
    Instant time;
    try {
      time = Instant.parse(n.path("time").asText(""));
    } catch (RuntimeException e) {
      time = Instant.EPOCH;
    }
    String reason = n.path("reason").asText("");
    return new FailureRecord(n.path("failure_id").asText(""), n.path("id").asText(""),
        n.path("stage").asText(""), n.path("error").asText(""),
        reason, n.path("message").asText(reason), n.path("retriable").asBoolean(true), time);
  }

  /**
   * The failures of {@code file} whose item is not {@code done}, the latest record per item, counted
   * by reason. An item that failed and later succeeded is left out; an item that failed twice counts
   * once. A missing file has none.
   */
  public static FailureTally remaining(Path file, Predicate<String> done) {
    Objects.requireNonNull(done, "done == null");
    FailureTally tally = new FailureTally();
    if (!Files.exists(file)) {
      return tally;
    }
    Map<String, String> latest = new LinkedHashMap<>();
    try (Journal j = Journal.open(file, "failure_id", org.biomedvital.journal.Durability.PROCESS_CRASH_SAFE)) {
      j.forEach((id, json) -> {
        try {
          FailureRecord r = fromJson(Json.mapper().readTree(json));
          if (!r.itemId().isEmpty()) {
            latest.remove(r.itemId());
            latest.put(r.itemId(), r.reason());
          }
        } catch (java.io.IOException | RuntimeException e) {
          // A line that is not a failure record: not ours to count.
        }
      });
    }
    latest.forEach((item, reason) -> {
      if (!done.test(item)) {
        tally.add(reason);
      }
    });
    return tally;
  }
}
