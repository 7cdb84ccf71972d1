package org.biomedvital.generation.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.internal.AtomicText;
import org.biomedvital.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code usage.json} of a generation output folder: calls, retries, tokens and cost of this run
 * and of all runs, plus the candidate counts; replaced atomically on every write, so a killed run's
 * spend still counts against a budget.
 */
final class UsageFile {
  private static final Logger LOG = LoggerFactory.getLogger(UsageFile.class);

  private final Path file;
  private final int perFigure;
  private final String generator;

  UsageFile(Path dir, int perFigure, String generator) {
    this.file = dir.resolve(GenerationRunner.USAGE);
    this.perFigure = perFigure;
    this.generator = generator;
  }

  /** The totals of earlier runs into the output folder; zero when there is no readable file. */
  Usage previousTotal() {
    if (Files.exists(file)) {
      try {
        return fromJson(Json.mapper().readTree(Files.readString(file)).path("total"));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot read the previous {}; totals restart from this run: {}", file, e.toString());
      }
    }
    return Usage.ZERO;
  }

  /**
   * Replaces the file through core's {@link AtomicText}.
   *
   * @throws org.biomedvital.VitalException naming the file when it cannot be written
   */
  synchronized void write(
      Usage previous, Usage run, int figures, long written, long skipped, long failed) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.set("this_run", toJson(run));
    n.set("total", toJson(previous.plus(run)));
    ObjectNode c = n.putObject("candidates");
    c.put("figures", figures);
    c.put("per_figure", perFigure);
    c.put("written", written);
    c.put("already_present", skipped);
    c.put("failed", failed);
    n.put("generator", generator);
    n.put("updated", Instant.now().toString());
    AtomicText.write(file, n.toPrettyString() + "\n");
  }

  static Usage minus(Usage a, Usage b) {
    return new Usage(a.calls() - b.calls(), a.retries() - b.retries(), a.failures() - b.failures(),
        a.cacheHits() - b.cacheHits(), a.inputTokens() - b.inputTokens(),
        a.outputTokens() - b.outputTokens(), a.costUsd() - b.costUsd());
  }

  static ObjectNode toJson(Usage u) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("calls", u.calls());
    n.put("retries", u.retries());
    n.put("failed_calls", u.failures());
    n.put("cache_hits", u.cacheHits());
    n.put("input_tokens", u.inputTokens());
    n.put("output_tokens", u.outputTokens());
    n.put("cost_usd", Math.round(u.costUsd() * 1e6) / 1e6);
    return n;
  }

  static Usage fromJson(JsonNode n) {
    return new Usage(n.path("calls").asLong(0), n.path("retries").asLong(0),
        n.path("failed_calls").asLong(0), n.path("cache_hits").asLong(0),
        n.path("input_tokens").asLong(0), n.path("output_tokens").asLong(0),
        n.path("cost_usd").asDouble(0));
  }
}
