package org.biomedvital.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;

/**
 * The {@code run-manifest.json} of a run: inputs with their hashes, settings, versions, and per
 * stage its status, input and output fingerprints, counts, spend and details. Package-private; the
 * file format is documented in {@code docs/pipeline.md}.
 */
final class RunManifest {
  static final String FILE_NAME = "run-manifest.json";
  static final String FORMAT = "biomed-vital-run-manifest/1";

  private final Path file;
  private final ObjectNode root;

  private RunManifest(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /** Reads the manifest in {@code dir}, or starts a new one. */
  static RunManifest load(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("format", FORMAT);
      root.put("created", Instant.now().toString());
      return new RunManifest(file, root);
    }
    try {
      JsonNode node = Json.mapper().readTree(file.toFile());
      if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText())) {
        throw new InvalidDataException(file.toString(), 0, "format",
            "is not a biomed-vital run manifest (expected format '" + FORMAT
                + "'); use another output folder or move the file away");
      }
      return new RunManifest(file, (ObjectNode) node);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null,
          "cannot be read as JSON (" + e.getMessage() + "); move it away to start the run afresh", e);
    }
  }

  Path file() {
    return file;
  }

  /** Records the run's settings, versions and inputs, and orders the stage records. */
  void begin(Map<String, String> settings, Map<String, String> versions, Map<String, Path> inputs,
      List<String> stageOrder, Fingerprints.Cache cache) {
    root.put("updated", Instant.now().toString());
    ObjectNode v = root.putObject("versions");
    versions.forEach(v::put);
    ObjectNode s = root.putObject("settings");
    settings.forEach(s::put);
    ObjectNode in = root.putObject("inputs");
    inputs.forEach((name, path) -> {
      ObjectNode n = putFile(in, name, path, cache);
      try {
        n.put("bytes", Files.isRegularFile(path) ? Files.size(path) : 0L);
      } catch (IOException e) {
        n.put("bytes", 0L);
      }
    });
    ObjectNode old = root.has("stages") && root.get("stages").isObject()
        ? (ObjectNode) root.get("stages") : Json.mapper().createObjectNode();
    ObjectNode ordered = Json.mapper().createObjectNode();
    for (String name : stageOrder) {
      JsonNode r = old.get(name);
      ordered.set(name, r != null && r.isObject() ? r : Json.mapper().createObjectNode().put("status", "pending"));
    }
    root.set("stages", ordered);
  }

  /** Adds {@code name: {path, sha256}} to {@code parent} and returns the new node. */
  private static ObjectNode putFile(
      ObjectNode parent, String name, Path path, Fingerprints.Cache cache) {
    ObjectNode n = parent.putObject(name);
    n.put("path", path.toString());
    n.put("sha256", cache.of(path));
    return n;
  }

  ObjectNode stage(String name) {
    return (ObjectNode) root.get("stages").get(name);
  }

  String status(String name) {
    return stage(name).path("status").asText("pending");
  }

  /**
   * Whether the stage completed with exactly these input fingerprints and its recorded outputs still
   * have their recorded fingerprints.
   */
  boolean isComplete(String name, Map<String, String> inputFingerprints, Map<String, Path> outputs,
      Fingerprints.Cache cache) {
    ObjectNode r = stage(name);
    if (!"completed".equals(r.path("status").asText())) {
      return false;
    }
    JsonNode ins = r.path("inputs");
    if (ins.size() != inputFingerprints.size()) {
      return false;
    }
    for (Map.Entry<String, String> e : inputFingerprints.entrySet()) {
      if (!e.getValue().equals(ins.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    JsonNode outs = r.path("outputs");
    for (Map.Entry<String, Path> e : outputs.entrySet()) {
      JsonNode o = outs.path(e.getKey());
      if (!o.isObject() || !e.getValue().toString().equals(o.path("path").asText())
          || !cache.of(e.getValue()).equals(o.path("sha256").asText())) {
        return false;
      }
    }
    return true;
  }

  void markRunning(String name, Instant started) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("status", "running");
    r.put("started", started.toString());
    ((ObjectNode) root.get("stages")).set(name, r);
  }

  void markFailed(String name, String error) {
    ObjectNode r = stage(name);
    r.put("status", "failed");
    r.put("finished", Instant.now().toString());
    r.put("error", error == null ? "" : error);
  }

  void markComplete(String name, String status, Map<String, String> inputFingerprints,
      Map<String, Path> outputs, StageResult result, Duration elapsed, Fingerprints.Cache cache) {
    ObjectNode r = stage(name);
    r.put("status", status);
    r.put("finished", Instant.now().toString());
    r.put("seconds", elapsed.toMillis() / 1000.0);
    ObjectNode ins = r.putObject("inputs");
    inputFingerprints.forEach(ins::put);
    ObjectNode outs = r.putObject("outputs");
    outputs.forEach((n, p) -> putFile(outs, n, p, cache));
    ObjectNode counts = r.putObject("counts");
    result.counts().forEach(counts::put);
    r.put("spend_usd", result.spendUsd());
    ObjectNode details = r.putObject("details");
    result.details().forEach(details::put);
    r.remove("error");
    summarise();
  }

  void markSkipped(String name, String reason) {
    ObjectNode r = stage(name);
    String was = r.path("status").asText();
    if (!"completed".equals(was) && !"provided".equals(was) && !"completed_with_failures".equals(was)) {
      r.put("status", "skipped");
      r.put("reason", reason);
    }
  }

  /** Collects the prompt templates, rubric ids and models named in stage details. */
  private void summarise() {
    TreeSet<String> templates = new TreeSet<>();
    TreeSet<String> rubrics = new TreeSet<>();
    ObjectNode models = Json.mapper().createObjectNode();
    double spend = 0;
    for (var e : root.get("stages").properties()) {
      JsonNode d = e.getValue().path("details");
      if (d.hasNonNull("prompt_template")) {
        templates.add(d.get("prompt_template").asText());
      }
      if (d.hasNonNull("rubric_id")) {
        rubrics.add(d.get("rubric_id").asText());
      }
      for (String key : List.of("model", "embedder", "scorer", "base_model")) {
        if (d.hasNonNull(key) && !d.get(key).asText().isEmpty()) {
          models.put(e.getKey() + "." + key, d.get(key).asText());
        }
      }
      spend += e.getValue().path("spend_usd").asDouble(0);
    }
    var t = root.putArray("prompt_templates");
    templates.forEach(t::add);
    var r = root.putArray("rubric_ids");
    rubrics.forEach(r::add);
    root.set("models", models);
    root.put("spend_usd", spend);
  }

  /** Writes the manifest atomically (temporary file, then move). */
  void write() {
    root.put("updated", Instant.now().toString());
    try {
      String text = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(root);
      Fingerprints.writeAtomically(file, text + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the run manifest", e);
    }
  }
}
