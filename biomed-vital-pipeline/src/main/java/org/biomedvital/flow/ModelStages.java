package org.biomedvital.flow;

import static org.biomedvital.flow.VitalStages.CANDIDATES;
import static org.biomedvital.flow.VitalStages.PAIRS;
import static org.biomedvital.flow.VitalStages.SCORER;
import static org.biomedvital.flow.VitalStages.SCORES;
import static org.biomedvital.flow.VitalStages.SELECTED;
import static org.biomedvital.flow.VitalStages.SELECTED_CANDIDATES;
import static org.biomedvital.flow.VitalStages.SELECTION;
import static org.biomedvital.flow.VitalStages.SHARED_SCORER;
import static org.biomedvital.flow.VitalStages.TUNING;
import static org.biomedvital.flow.VitalStages.count;
import static org.biomedvital.flow.VitalStages.writeJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.AtomicText;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.biomedvital.pipeline.StageContext;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.scorer.ScoreFiles;
import org.biomedvital.selection.select.SelectionFiles;
import org.biomedvital.format.DuplicatePolicy;
import org.biomedvital.selection.scorer.ScorerMetrics;
import org.biomedvital.selection.scorer.WeightSweep;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;

/**
 * The built-in model stages of {@link VitalPipeline} (train, score, select, export, tune); {@link
 * VitalStages} lists every stage and holds the data stages. Package-private.
 */
final class ModelStages {
  private ModelStages() {}

  // ---------------------------------------------------------------- train

  static StageResult train(VitalPipeline.Builder b, StageContext ctx) {
    PreferenceDataset ds = PreferencePairs.readDataset(ctx.existing(PAIRS));
    if (ds.train().isEmpty()) {
      throw new ScorerTrainingException("no training pairs in " + ctx.path(PAIRS)
          + "; the judge's ratings gave no pairs and no clinician pairs were configured");
    }
    List<Double> weights = b.humanWeightSweep.isEmpty() ? List.of(b.humanWeight) : b.humanWeightSweep;
    int[] run = {0};
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        ctx.progress(run[0], weights.size());
      }
    };
    WeightSweep.Trained<TrainableScorer> sweep = WeightSweep.sweep(ds, weights, w -> {
      run[0]++;
      return b.scorerFactory.create(b.embedder);
    }, listener);
    ctx.progress(weights.size(), weights.size());
    TrainableScorer best = sweep.scorer();
    TrainingReport bestReport = sweep.best().report();
    double bestWeight = sweep.best().weight();
    long heldOut = count(ds.validation(), PreferenceSource.CLINICIAN);
    double alignment = sweep.best().metric(ScorerMetrics.CLINICIAN_ALIGNMENT);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("configured_human_weight", b.humanWeight);
    out.put("human_weight", bestWeight);
    out.put("human_share", sweep.best().humanShare());
    out.put("clinician_validation_pairs", heldOut);
    if (!Double.isNaN(alignment)) {
      out.put("clinician_alignment", alignment);
      double[] ci = wilson(alignment, heldOut);
      ArrayNode c = out.putArray("clinician_alignment_ci95");
      c.add(ci[0]);
      c.add(ci[1]);
    }
    // With a sweep the same held-out pairs chose w and measure the chosen scorer.
    out.put("alignment_pairs_also_chose_w", weights.size() > 1);
    if (weights.size() > 1) {
      ArrayNode rows = out.putArray("sweep");
      for (WeightSweep.Row row : sweep.rows()) {
        ObjectNode point = rows.addObject();
        point.put("human_weight", row.weight());
        point.put("human_share", row.humanShare());
        new java.util.TreeMap<>(row.report().finalMetrics()).forEach(point::put);
      }
    }
    Path dir = ctx.path(SCORER);
    Path modelDir = dir.resolve("model");
    try {
      Files.createDirectories(modelDir);
    } catch (IOException e) {
      best.close();
      throw new VitalIoException(modelDir, "cannot create " + modelDir + ": " + e.getMessage(), e);
    }
    best.save(modelDir);
    ArrayNode epochs = out.putArray("epochs");
    for (EpochMetrics m : bestReport.epochs()) {
      ObjectNode e = epochs.addObject();
      e.put("epoch", m.epoch());
      e.put("train_loss", m.trainLoss());
      ObjectNode mm = e.putObject("metrics");
      new java.util.TreeMap<>(m.metrics()).forEach(mm::put);
    }
    ObjectNode fin = out.putObject("final_metrics");
    new java.util.TreeMap<>(bestReport.finalMetrics()).forEach(fin::put);
    writeJson(dir.resolve("training.json"), out);
    ctx.share(SHARED_SCORER, best);
    StageResult.Builder r = StageResult.builder().count("pairs", ds.train().size())
        .count("epochs", bestReport.epochs().size()).count("trainings", weights.size())
        .count("clinician_validation_pairs", heldOut)
        .detail("configured_human_weight", VitalPipeline.Builder.fmt(b.humanWeight))
        .detail("human_weight", VitalPipeline.Builder.fmt(bestWeight))
        .detail("human_share", String.format(Locale.ROOT, "%.4f", sweep.best().humanShare()))
        .detail("scorer", best.getClass().getSimpleName());
    if (!Double.isNaN(alignment)) {
      r.detail("clinician_alignment", String.format(Locale.ROOT, "%.4f", alignment));
    }
    if (b.embedder != null) {
      r.detail("embedder", b.embedder.id());
    }
    return r.build();
  }

  /** The Wilson score 95% interval of a proportion {@code p} over {@code n} trials. */
  static double[] wilson(double p, long n) {
    if (n <= 0) {
      return new double[] {0, 1};
    }
    double z = 1.959964;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  // ---------------------------------------------------------------- score

  static StageResult score(VitalPipeline.Builder b, StageContext ctx) {
    SelectionScorer scorer = b.fixedScorer;
    if (scorer == null) {
      scorer = ctx.shared(SHARED_SCORER, SelectionScorer.class).orElse(null);
    }
    if (scorer == null) {
      if (b.scorerLoader == null) {
        throw new IllegalStateException("the score stage needs the trained scorer but this run did "
            + "not train it; set scorerLoader(...) so it can load " + ctx.path(SCORER).resolve("model")
            + ", run from the train stage, or set scorer(...)");
      }
      scorer = b.scorerLoader.load(ctx.existing(SCORER).resolve("model"), b.embedder);
      ctx.share(SHARED_SCORER, scorer);
    }
    List<InstructionSample> candidates = Samples.readJsonl(ctx.existing(CANDIDATES));
    long done = 0;
    try (Journal journal = Journal.open(ctx.path(SCORES))) {
      List<InstructionSample> batch = new ArrayList<>();
      for (int i = 0; i <= candidates.size(); i++) {
        if (i < candidates.size()) {
          InstructionSample s = candidates.get(i);
          if (journal.contains(s.id())) {
            done++;
            continue;
          }
          batch.add(s);
        }
        if (batch.size() == b.scoreBatchSize || (i == candidates.size() && !batch.isEmpty())) {
          double[] scores = scorer.scoreAll(batch);
          for (int j = 0; j < batch.size(); j++) {
            if (Double.isNaN(scores[j])) {
              throw new VitalException("the scorer returned NaN for " + batch.get(j).id()
                  + "; the scorer is broken (diverged training?)");
            }
            journal.append(batch.get(j).id(),
                ScoreFiles.toJson(batch.get(j).id(), scores[j], scorer.getClass().getSimpleName()));
          }
          done += batch.size();
          batch.clear();
          ctx.progress(done, candidates.size());
        }
      }
      return StageResult.builder().count("scored", journal.size())
          .detail("scorer", scorer.getClass().getSimpleName()).build();
    }
  }

  // ---------------------------------------------------------------- select

  static StageResult select(VitalPipeline.Builder b, StageContext ctx) {
    List<ScoredSample> scored = SelectionFiles.scoredPool(ctx.existing(SCORES),
        ctx.existing(CANDIDATES), DuplicatePolicy.REFUSE);
    List<ScoredSample> kept = b.selector.select(scored);
    StringBuilder sb = new StringBuilder();
    double cut = Double.POSITIVE_INFINITY;
    for (ScoredSample s : kept) {
      sb.append(Samples.toJson(s.sample())).append('\n');
      cut = Math.min(cut, s.score());
    }
    AtomicText.write(ctx.path(SELECTED_CANDIDATES), sb.toString());
    ObjectNode sel = Json.mapper().createObjectNode();
    sel.put("selector", b.selector.toString());
    sel.put("count_pool", scored.size());
    sel.put("count_selected", kept.size());
    if (!kept.isEmpty()) {
      sel.put("cut_score", cut);
    }
    sel.set("pool_domains", domainCounts(scored));
    sel.set("selected_domains", domainCounts(kept));
    writeJson(ctx.path(SELECTION), sel);
    return StageResult.builder().count("pool", scored.size()).count("selected", kept.size())
        .detail("selector", b.selector.toString()).build();
  }

  private static ObjectNode domainCounts(List<ScoredSample> samples) {
    Map<Domain, Long> counts = new EnumMap<>(Domain.class);
    long none = 0;
    for (ScoredSample s : samples) {
      var d = Domain.firstOf(s.sample().domains(), Domain.EVALUATION_ORDER);
      if (d.isPresent()) {
        counts.merge(d.get(), 1L, Long::sum);
      } else {
        none++;
      }
    }
    ObjectNode n = Json.mapper().createObjectNode();
    for (Domain d : Domain.EVALUATION_ORDER) {
      n.put(d.wireName(), counts.getOrDefault(d, 0L));
    }
    if (none > 0) {
      n.put("none", none);
    }
    return n;
  }

  // ---------------------------------------------------------------- export

  static StageResult export(StageContext ctx) {
    List<InstructionSample> selected = Samples.readJsonl(ctx.existing(SELECTED_CANDIDATES));
    SelectionFiles.writeTrainingFile(ctx.path(SELECTED), selected, ctx.seed());
    return StageResult.builder().count("samples", selected.size()).build();
  }

  // ---------------------------------------------------------------- tune

  static StageResult tune(VitalPipeline.Builder b, StageContext ctx) {
    Path out = ctx.path(TUNING);
    boolean resume;
    try {
      Files.createDirectories(out);
      try (Stream<Path> s = Files.list(out)) {
        resume = s.anyMatch(p -> !p.getFileName().toString().equals("metrics.jsonl"));
      }
    } catch (IOException e) {
      throw new VitalIoException(out, "cannot create " + out + ": " + e.getMessage(), e);
    }
    TuningJob.Builder job = TuningJob.builder().name("biomed-vital").stage(b.tuningStage)
        .data(ctx.existing(SELECTED)).imageFolder(ctx.existing("images")).outputDir(out)
        .baseModel(b.baseModel).resume(resume);
    b.tuningParameters.forEach(job::parameter);
    Path metrics = out.resolve("metrics.jsonl");
    try (Journal journal = Journal.open(metrics, "id", org.biomedvital.journal.Durability.PROCESS_CRASH_SAFE)) {
      TuningListener listener = new TuningListener() {
        @Override
        public void onProgress(TuningProgress p) {
          ctx.progress(p.step(), p.maxSteps());
          ObjectNode n = Json.mapper().createObjectNode();
          String id = b.tuningStage + ":" + p.step();
          n.put("id", id);
          n.put("stage", b.tuningStage);
          n.put("step", p.step());
          n.put("epoch", p.epoch());
          if (!Double.isNaN(p.loss())) {
            n.put("loss", p.loss());
          }
          if (!Double.isNaN(p.learningRate())) {
            n.put("learning_rate", p.learningRate());
          }
          journal.append(id, n.toString());
        }
      };
      TuningJob built = job.build();
      TuningResult result = b.tuningRunner != null ? b.tuningRunner.run(built, listener)
          : b.launchTarget.launch(b.launchPlanner.plan(built)).await(listener);
      if (result.status() != TuningStatus.SUCCEEDED) {
        throw new TuningFailedException("tuning ended with status " + result.status()
            + "; see the logs in " + out, -1, List.of());
      }
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("status", result.status().name());
      n.put("output_dir", result.outputDir().toString());
      ObjectNode m = n.putObject("metrics");
      result.metrics().forEach(m::put);
      writeJson(out.resolve("result.json"), n);
      // The journal holds one record per progress report the runner sent, not one per step.
      StageResult.Builder r = StageResult.builder().count("progress_reports", journal.size())
          .detail("base_model", b.baseModel).detail("tuning_stage", Integer.toString(b.tuningStage));
      Double steps = result.metrics().get("steps");
      if (steps != null) {
        r.count("steps", steps.longValue());
      }
      return r.build();
    }
  }
}
