package org.biomedvital.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.pipeline.EvaluationTables;
import org.biomedvital.report.ReportData.LineageRow;
import org.biomedvital.report.ReportData.LossPoint;
import org.biomedvital.report.ReportData.StageRow;
import org.biomedvital.report.ReportData.SweepPoint;

/**
 * Reads a run folder written by {@link org.biomedvital.flow.VitalPipeline} into {@link
 * ReportData}. Files that a run has not written yet are left out of the report, not errors.
 */
public final class RunReader {
  private RunReader() {}

  /**
   * Reads the run in {@code dir}.
   *
   * @throws InvalidDataException when a file is present but malformed (naming it)
   */
  public static ReportData read(Path dir) {
    JsonNode manifest = json(dir.resolve("run-manifest.json"));
    List<StageRow> stages = new ArrayList<>();
    List<LineageRow> lineage = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    if (manifest != null) {
      for (var e : manifest.path("stages").properties()) {
        JsonNode s = e.getValue();
        Map<String, Long> counts = new LinkedHashMap<>();
        s.path("counts").properties().forEach(c -> counts.put(c.getKey(), c.getValue().asLong()));
        String status = s.path("status").asText("pending");
        if (e.getKey().equals("report") && status.equals("running")) {
          status = "writing this page";
        }
        stages.add(new StageRow(e.getKey(), status,
            s.path("seconds").asDouble(0), counts, s.path("spend_usd").asDouble(0),
            s.path("error").asText("")));
        s.path("outputs").properties().forEach(o -> lineage.add(new LineageRow(e.getKey(), o.getKey(),
            o.getValue().path("path").asText(), o.getValue().path("sha256").asText())));
      }
      List<LineageRow> inputs = new ArrayList<>();
      manifest.path("inputs").properties().forEach(i -> inputs.add(new LineageRow("input", i.getKey(),
          i.getValue().path("path").asText(), i.getValue().path("sha256").asText())));
      lineage.addAll(0, inputs);
      manifest.path("versions").properties().forEach(v -> facts.put("version: " + v.getKey(), v.getValue().asText()));
      manifest.path("settings").properties().forEach(v -> facts.put("setting: " + v.getKey(), v.getValue().asText()));
      facts.put("prompt templates", join(manifest.path("prompt_templates")));
      facts.put("rubric ids", join(manifest.path("rubric_ids")));
      manifest.path("models").properties().forEach(v -> facts.put("model: " + v.getKey(), v.getValue().asText()));
      facts.put("run started", manifest.path("created").asText(""));
      Path figures = Path.of(manifest.at("/inputs/figures/path").asText("."));
      Path readme = figures.toAbsolutePath().getParent() == null ? null
          : figures.toAbsolutePath().getParent().resolve("README.txt");
      if (readme != null && Files.isRegularFile(readme)) {
        try {
          if (Files.readString(readme).contains("SYNTHETIC")) {
            facts.put("data", "the synthetic sample drawn by code: NOT clinical data; the numbers "
                + "exercise the flow and say nothing about medical quality");
          }
        } catch (IOException e) {
          // No statement without the file.
        }
      }
      for (var e : manifest.path("stages").properties()) {
        JsonNode d = e.getValue().path("details");
        if (e.getValue().path("status").asText().equals("completed_with_failures")) {
          facts.put("failures: " + e.getKey(), e.getValue().at("/counts/failed").asLong()
              + " remaining within the failure budget (" + d.path("failures").asText("")
              + "; see " + d.path("failures_file").asText("") + "; a rerun retries them)");
        }
      }
      JsonNode pairs = manifest.at("/stages/pairs/counts");
      if (pairs.isObject()) {
        facts.put("preference pairs", String.format(java.util.Locale.ROOT,
            "%d model pairs (%d train, %d test, score-level scheme); %d clinician pairs (%d train, "
                + "%d held out for alignment)", pairs.path("model_pairs").asLong(),
            pairs.path("model_train_pairs").asLong(), pairs.path("model_test_pairs").asLong(),
            pairs.path("clinician_pairs").asLong(), pairs.path("clinician_train_pairs").asLong(),
            pairs.path("clinician_validation_pairs").asLong()));
      }
      facts.put("deviations from the paper", "frozen text-only MiniLM features by default (the paper "
          + "fine-tunes BiomedCLIP on image and text); 'full' feature mode; model-pair counts scaled "
          + "to the rated pool; LLaVA-Med-style post-processing; paraphrased prompt; see "
          + "docs/pipeline.md, 'Deviations from the paper'");
    }
    Map<String, Long> pool = new LinkedHashMap<>();
    Map<String, Long> selected = new LinkedHashMap<>();
    double cut = Double.NaN;
    JsonNode selection = json(dir.resolve("selection.json"));
    if (selection != null) {
      selection.path("pool_domains").properties().forEach(d -> pool.put(d.getKey(), d.getValue().asLong()));
      selection.path("selected_domains").properties().forEach(d -> selected.put(d.getKey(), d.getValue().asLong()));
      cut = selection.path("cut_score").asDouble(Double.NaN);
      facts.put("selector", selection.path("selector").asText(""));
    }
    List<Double> scores = new ArrayList<>();
    lines(dir.resolve("scores.jsonl"), n -> scores.add(n.path("score").asDouble()));
    List<SweepPoint> sweep = new ArrayList<>();
    List<LossPoint> scorerLoss = new ArrayList<>();
    JsonNode training = json(dir.resolve("scorer/training.json"));
    if (training != null) {
      for (JsonNode p : training.path("sweep")) {
        sweep.add(new SweepPoint(p.path("human_weight").asDouble(),
            p.path("clinician_alignment").asDouble(Double.NaN),
            p.path("model_pair_accuracy").asDouble(Double.NaN)));
      }
      for (JsonNode e : training.path("epochs")) {
        scorerLoss.add(new LossPoint(e.path("epoch").asDouble(), e.path("train_loss").asDouble()));
      }
      double w = training.path("human_weight").asDouble(Double.NaN);
      if (!Double.isNaN(w)) {
        facts.put("human weight w", "configured " + num(training.path("configured_human_weight")
            .asDouble(w)) + ", chosen " + num(w) + (training.path("sweep").size() > 1
                ? " (by held-out clinician alignment over " + training.path("sweep").size()
                    + " weights)" : ""));
      }
      if (training.has("human_share")) {
        facts.put("human share of the loss", String.format(java.util.Locale.ROOT, "%.2f%%",
            100 * training.path("human_share").asDouble()));
      }
      if (training.has("clinician_alignment")) {
        JsonNode ci = training.path("clinician_alignment_ci95");
        facts.put("clinician alignment", String.format(java.util.Locale.ROOT,
            "%.3f (95%% interval %.3f-%.3f) on %d held-out clinician pairs%s",
            training.path("clinician_alignment").asDouble(), ci.path(0).asDouble(),
            ci.path(1).asDouble(), training.path("clinician_validation_pairs").asLong(),
            training.path("alignment_pairs_also_chose_w").asBoolean()
                ? "; the same pairs chose w, so this is optimistic" : ""));
      } else if (training.has("clinician_validation_pairs")) {
        facts.put("clinician alignment", "not measured: no held-out clinician pair");
      }
    }
    List<LossPoint> tuningLoss = new ArrayList<>();
    lines(dir.resolve("tuning/metrics.jsonl"), n -> {
      if (n.has("loss")) {
        tuningLoss.add(new LossPoint(n.path("step").asDouble(), n.path("loss").asDouble()));
      }
    });
    List<EvaluationTable> evaluation = new ArrayList<>();
    Path tables = dir.resolve("evaluation").resolve(EvaluationTables.FILE_NAME);
    if (Files.isRegularFile(tables)) {
      evaluation.addAll(EvaluationTables.read(tables));
    }
    return new ReportData("biomed-vital run report", Instant.now().toString(), stages, pool, selected,
        scores, cut, sweep, scorerLoss, tuningLoss, evaluation, lineage, facts);
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
        : String.format(java.util.Locale.ROOT, "%s", d);
  }

  private static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return String.join(", ", out);
  }

  private static JsonNode json(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void lines(Path file, java.util.function.Consumer<JsonNode> consumer) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        try {
          consumer.accept(Json.mapper().readTree(line));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
          throw new InvalidDataException(file.toString(), no, null, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }
}
