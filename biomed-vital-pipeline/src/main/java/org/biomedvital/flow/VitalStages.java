package org.biomedvital.flow;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalException;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.failure.FailureTally;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.provider.ChatGeneratorProviders;
import org.biomedvital.generation.runner.FigureRecords;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.internal.AtomicText;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.biomedvital.pipeline.Pricing;
import org.biomedvital.pipeline.Stage;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageContext;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.clinician.AnnotationFormat;
import org.biomedvital.selection.clinician.ClinicianAnnotations;
import org.biomedvital.selection.judge.JudgeRunner;
import org.biomedvital.selection.preference.ModelPairBuilder;
import org.biomedvital.selection.preference.PreferenceMixer;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Ratings;
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
 * The built-in stages of {@link VitalPipeline}: each is a thin front-end over the code its command
 * runs ({@link GenerationRunner}, {@link JudgeRunner}, {@link ModelPairBuilder} with {@link
 * PreferenceMixer}, {@link WeightSweep}, the score and pair codecs). Package-private.
 */
final class VitalStages {
  static final String CANDIDATES = GenerationRunner.CANDIDATES;
  static final String RATINGS = "ratings.jsonl";
  static final String PAIRS = "pairs.jsonl";
  static final String SCORER = "scorer";
  static final String SCORES = "scores.jsonl";
  static final String SELECTED_CANDIDATES = "selected-candidates.jsonl";
  static final String SELECTION = "selection.json";
  static final String SELECTED = "selected.json";
  static final String TUNING = "tuning";
  static final String EVALUATION = "evaluation";
  static final String REPORT_FILE = "report/index.html";
  static final String SHARED_SCORER = "scorer";
  /** The detail key holding a stage's outcome ({@link FailureBudget.Outcome#wireName()}). */
  static final String OUTCOME = "outcome";

  private VitalStages() {}

  static List<Stage> stages(VitalPipeline.Builder b) {
    List<Stage> out = new ArrayList<>();
    List<String> genInputs = new ArrayList<>(List.of("figures", "images"));
    if (b.inputs.containsKey("demonstrations")) {
      genInputs.add("demonstrations");
    }
    out.add(stage(VitalPipeline.GENERATE, genInputs, List.of(CANDIDATES),
        b.generator == null ? null : ctx -> generate(b, ctx))
        .withSettings("candidates=" + b.candidatesPerFigure + "; sampling=" + b.sampling
            + "; seed=" + b.seed + (b.demonstrationSet == null ? "" : "; demonstrations="
                + b.demonstrationSet.all().size())));
    out.add(stage(VitalPipeline.JUDGE, List.of(CANDIDATES), List.of(RATINGS),
        b.judge == null ? null : ctx -> judge(b, ctx)));
    List<String> pairInputs = new ArrayList<>(List.of(CANDIDATES, RATINGS));
    if (b.inputs.containsKey("clinician-pairs")) {
      pairInputs.add("clinician-pairs");
    }
    out.add(stage(VitalPipeline.PAIRS, pairInputs, List.of(PAIRS), ctx -> pairs(b, ctx))
        .withSettings("human_weight=" + VitalPipeline.Builder.fmt(b.humanWeight) + "; seed=" + b.seed
            + "; model_pairs=" + b.modelTrainPairs + "/" + b.modelTestPairs + "; same_figure="
            + b.sameFigurePairs + "; clinician_validation=" + b.clinicianValidation));
    out.add(stage(VitalPipeline.TRAIN, List.of(PAIRS), List.of(SCORER),
        b.scorerFactory == null ? null : ctx -> train(b, ctx))
        .withSettings("sweep=" + b.humanWeightSweep + "; human_weight="
            + VitalPipeline.Builder.fmt(b.humanWeight)));
    List<String> scoreInputs = b.fixedScorer != null ? List.of(CANDIDATES)
        : List.of(SCORER, CANDIDATES);
    out.add(stage(VitalPipeline.SCORE, scoreInputs, List.of(SCORES), ctx -> score(b, ctx)));
    out.add(stage(VitalPipeline.SELECT, List.of(SCORES, CANDIDATES),
        List.of(SELECTED_CANDIDATES, SELECTION), b.selector == null ? null : ctx -> select(b, ctx))
        .withSettings(b.selector == null ? "" : "selector=" + b.selector));
    out.add(stage(VitalPipeline.EXPORT, List.of(SELECTED_CANDIDATES), List.of(SELECTED),
        ctx -> export(ctx)).withSettings("seed=" + b.seed));
    out.add(stage(VitalPipeline.TUNE, List.of(SELECTED, "images"), List.of(TUNING),
        b.tuningRunner == null && b.launchTarget == null ? null : ctx -> tune(b, ctx))
        .withSettings("stage=" + b.tuningStage + "; base=" + b.baseModel + "; " + b.tuningParameters));
    List<String> evalInputs = new ArrayList<>(List.of(TUNING));
    if (b.inputs.containsKey("heldout")) {
      evalInputs.add("heldout");
    }
    out.add(stage(VitalPipeline.EVALUATE, evalInputs, List.of(EVALUATION), b.evaluation));
    out.add(stage(VitalPipeline.REPORT, List.of(CANDIDATES, RATINGS, PAIRS, SCORER, SCORES,
        SELECTION, SELECTED, TUNING, EVALUATION), List.of(REPORT_FILE), b.report));
    return out;
  }

  private static Stage stage(String name, List<String> in, List<String> out, StageAction action) {
    return new Stage(name, in, out, "", action);
  }

  // ---------------------------------------------------------------- failures

  /**
   * Applies the failure budget: over it the stage fails (nothing after it runs) with the failures
   * counted by reason and how to resume; under it the result says {@code completed_with_failures}.
   */
  static void applyBudget(VitalPipeline.Builder b, String stage, long items, FailureTally open,
      String stoppedEarly, Path failuresFile, StageResult.Builder result) {
    long failed = Math.min(items, open.total());
    FailureBudget.Outcome outcome = stoppedEarly != null ? FailureBudget.Outcome.FAILED
        : b.failureBudget.outcome(items, failed);
    result.count("failed", failed).detail(OUTCOME, outcome.wireName());
    if (failed > 0) {
      result.detail("failures", String.join("; ", open.lines(5)))
          .detail("failures_file", failuresFile.getFileName().toString());
    }
    if (outcome == FailureBudget.Outcome.FAILED) {
      StringBuilder m = new StringBuilder(String.format(Locale.ROOT,
          "%s: %d of %d items failed, over the failure budget (max-failure-rate %s)", stage, failed,
          items, VitalPipeline.Builder.fmt(b.failureBudget.maxFailureRate())));
      if (stoppedEarly != null) {
        m.append("; stopped early: ").append(stoppedEarly);
      }
      for (String line : open.lines(5)) {
        m.append("\n  ").append(line);
      }
      m.append("\nfailures: ").append(failuresFile).append("; fix the cause and run again: finished "
          + "items are kept and only the failed ones are retried");
      throw new VitalException(m.toString());
    }
  }

  // ---------------------------------------------------------------- generate

  static StageResult generate(VitalPipeline.Builder b, StageContext ctx) {
    List<Figure> figures = FigureRecords.read(ctx.existing("figures"));
    DemonstrationSet demos = b.demonstrationSet != null ? b.demonstrationSet
        : ctx.input("demonstrations").map(p -> DemonstrationSet.from(ctx.existing("demonstrations")))
            .orElse(DemonstrationSet.of(List.of()));
    Supplier<Usage> usage = b.generator instanceof ChatGeneratorProviders.MeteredGenerator
        ? ((ChatGeneratorProviders.MeteredGenerator) b.generator)::usage : () -> Usage.ZERO;
    Priced priced = new Priced(b.generator, b.pricing);
    RunSummary s = GenerationRunner.builder()
        .generator(priced)
        .outputDir(ctx.outputDir())
        .demonstrations(demos)
        .sampling(b.sampling)
        .candidatesPerFigure(b.candidatesPerFigure)
        .concurrency(b.concurrency)
        .seed(b.seed)
        .imageRoot(ImageRoot.of(ctx.existing("images")))
        .usage(usage)
        .progressInterval(Duration.ofMillis(500))
        .listener(p -> ctx.progress(p.done(), p.total(), p.failed(), p.spendUsd()))
        .build()
        .run(figures);
    long items = (long) figures.size() * b.candidatesPerFigure;
    Usage u = s.usage();
    double spend = b.pricing == Pricing.FREE ? u.costUsd() : priced.spend();
    StageResult.Builder r = StageResult.builder().count("figures", figures.size())
        .count("candidates", s.written() + s.skipped()).count("generated_now", s.written())
        .count("model_calls", u.calls()).count("retries", u.retries())
        .spend(Math.max(0, spend))
        .detail("generator", b.generator.name()).detail("sampling", b.sampling.toString());
    firstProvenance(s.candidatesFile(), r);
    applyBudget(b, VitalPipeline.GENERATE, items, s.remainingFailures(),
        s.stopReason().orElse(null), s.failuresFile(), r);
    return r.build();
  }

  /** The model and prompt template of the file's first candidate, for the manifest's lineage. */
  private static void firstProvenance(Path candidates, StageResult.Builder r) {
    if (!Files.exists(candidates)) {
      return;
    }
    try (java.io.BufferedReader in = Files.newBufferedReader(candidates)) {
      String line = in.readLine();
      if (line != null && !line.isBlank()) {
        InstructionSample first = Samples.fromJson(line, candidates.toString(), 1);
        if (first.provenance() != null) {
          r.detail("model", first.provenance().model())
              .detail("prompt_template", first.provenance().promptTemplate());
        }
      }
    } catch (IOException e) {
      throw new VitalException("cannot read " + candidates + ": " + e.getMessage(), e);
    }
  }

  /** Prices each result's tokens with the configured {@link Pricing} (when not free). */
  private static final class Priced implements InstructionGenerator {
    private final InstructionGenerator delegate;
    private final Pricing pricing;
    private double spend;

    Priced(InstructionGenerator delegate, Pricing pricing) {
      this.delegate = delegate;
      this.pricing = pricing;
    }

    @Override
    public GenerationResult generate(GenerationRequest request) {
      GenerationResult r = delegate.generate(request);
      double usd = pricing.usd(r.model(), r.usage());
      synchronized (this) {
        spend += usd;
      }
      return r;
    }

    synchronized double spend() {
      return spend;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  // ---------------------------------------------------------------- judge

  static StageResult judge(VitalPipeline.Builder b, StageContext ctx) {
    JudgeRunner.Builder jb = JudgeRunner.builder().judge(b.judge).concurrency(b.concurrency)
        .rater(b.judge.toString());
    if (b.inputs.containsKey("images")) {
      jb.images(ImageRoot.of(ctx.existing("images")));
    }
    Path ratings = ctx.path(RATINGS);
    JudgeRunner.Summary s = jb.build().run(ctx.existing(CANDIDATES), ratings);
    ctx.progress(s.seen(), s.seen(), s.failed(), 0);
    String rubric = "";
    String rater = "";
    int count = 0;
    for (RatedSample rs : Ratings.read(ratings)) {
      rubric = rubric.isEmpty() ? rs.rating().rubricId() : rubric;
      rater = rater.isEmpty() ? rs.rating().rater() : rater;
      count++;
    }
    StageResult.Builder r = StageResult.builder().count("candidates", s.seen())
        .count("ratings", count).count("rated_now", s.rated())
        .detail("rubric_id", rubric).detail("model", rater);
    applyBudget(b, VitalPipeline.JUDGE, s.seen(), JudgeRunner.remainingFailures(ratings), null,
        s.failures(), r);
    return r.build();
  }

  // ---------------------------------------------------------------- pairs

  static StageResult pairs(VitalPipeline.Builder b, StageContext ctx) {
    List<RatedSample> rated = Ratings.read(ctx.existing(RATINGS), ctx.existing(CANDIDATES));
    int pool = rated.size();
    ModelPairBuilder builder = ModelPairBuilder.builder()
        .trainPairs(b.modelTrainPairs > 0 ? b.modelTrainPairs : defaultTrainPairs(pool))
        .testPairs(b.modelTestPairs > 0 ? b.modelTestPairs : defaultTestPairs(pool))
        .sameFigurePairs(b.sameFigurePairs)
        .seed(b.seed)
        .build();
    PreferenceDataset model = builder.build(rated);
    List<PreferencePair> clinician = ctx.input("clinician-pairs").isPresent()
        ? ClinicianAnnotations.read(AnnotationFormat.PAIRWISE, ctx.existing("clinician-pairs"))
        : List.of();
    PreferenceMixer.ClinicianSplit split =
        PreferenceMixer.split(clinician, b.clinicianValidation, b.seed);
    PreferenceDataset mixed = clinician.isEmpty() ? model
        : PreferenceMixer.mix(model, split.train(), split.validation(), b.humanWeight);
    Path file = ctx.path(PAIRS);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new VitalException("cannot replace " + file + ": " + e.getMessage(), e);
    }
    PreferencePairs.write(file, mixed);
    long modelTrain = count(mixed.train(), PreferenceSource.MODEL);
    long modelTest = count(mixed.validation(), PreferenceSource.MODEL);
    return StageResult.builder().count("model_pairs", modelTrain + modelTest)
        .count("model_train_pairs", modelTrain).count("model_test_pairs", modelTest)
        .count("clinician_pairs", clinician.size())
        .count("clinician_train_pairs", split.train().size())
        .count("clinician_validation_pairs", split.validation().size())
        .count("train", mixed.train().size()).count("validation", mixed.validation().size())
        .detail("human_weight", VitalPipeline.Builder.fmt(b.humanWeight))
        .detail("human_share", String.format(Locale.ROOT, "%.4f", mixed.humanShare()))
        .build();
  }

  /** Model training pairs scaled to the rated pool: 5 per item, at most the paper's 30,000. */
  static int defaultTrainPairs(int pool) {
    return Math.max(1, Math.min(30_000, 5 * pool));
  }

  /** Model test pairs: a third of the training pairs, at most the paper's 10,000. */
  static int defaultTestPairs(int pool) {
    return Math.max(1, Math.min(10_000, defaultTrainPairs(pool) / 3));
  }

  private static long count(List<PreferencePair> pairs, PreferenceSource source) {
    return pairs.stream().filter(p -> p.source() == source).count();
  }

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
      throw new VitalException("cannot create " + modelDir + ": " + e.getMessage(), e);
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
      throw new VitalException("cannot create " + out + ": " + e.getMessage(), e);
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

  static void writeJson(Path file, ObjectNode node) {
    try {
      AtomicText.write(file,
          Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + file, e);
    }
  }
}
