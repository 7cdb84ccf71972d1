package org.biomedvital.pipeline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.InvalidDataException;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;

/** The built-in stages of {@link VitalPipeline}. Package-private. */
final class VitalStages {
  static final String CANDIDATES = "candidates.jsonl";
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
        .withSettings("human_weight=" + VitalPipeline.Builder.fmt(b.humanWeight) + "; seed=" + b.seed));
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

  // ---------------------------------------------------------------- generate

  static StageResult generate(VitalPipeline.Builder b, StageContext ctx) {
    List<Figure> figures = PipelineFiles.readFigures(ctx.existing("figures"));
    ImageRoot root = ImageRoot.of(ctx.existing("images"));
    DemonstrationSet demos = b.demonstrationSet != null ? b.demonstrationSet
        : ctx.input("demonstrations").map(p -> DemonstrationSet.from(ctx.existing("demonstrations")))
            .orElse(DemonstrationSet.of(List.of()));
    long total = (long) figures.size() * b.candidatesPerFigure;
    Tally tally = new Tally(ctx, total);
    Path failuresFile = ctx.outputDir().resolve("generation-failures.jsonl");
    String generatorName = b.generator.name();
    try (Journal journal = Journal.open(ctx.path(CANDIDATES));
        Journal failures = Journal.open(failuresFile)) {
      List<Object[]> work = new ArrayList<>();
      for (Figure f : figures) {
        ImageRef image = null;
        String imageProblem = null;
        try {
          image = root.resolve(f.image());
        } catch (InvalidDataException e) {
          imageProblem = e.getMessage();
        }
        for (int k = 0; k < b.candidatesPerFigure; k++) {
          String id = f.pairId() + "#" + k;
          if (journal.contains(id)) {
            tally.done(0);
          } else if (imageProblem != null) {
            recordFailure(failures, id, f.pairId(), imageProblem);
            tally.failed();
          } else {
            work.add(new Object[] {f, image, k});
          }
        }
      }
      Workers.run(work, b.concurrency, "generate", item -> {
        Figure f = (Figure) item[0];
        int k = (Integer) item[2];
        String id = f.pairId() + "#" + k;
        long seed = candidateSeed(b.seed, f.pairId(), k);
        List<Demonstration> shots = demos.size() == 0 ? List.of() : demos.sample(b.sampling, seed);
        GenerationRequest request = GenerationRequest.builder().figure(f).image((ImageRef) item[1])
            .demonstrations(shots).candidateIndex(k).seed(seed).build();
        try {
          GenerationResult r = b.generator.generate(request);
          List<String> demoIds = new ArrayList<>();
          shots.forEach(d -> demoIds.add(d.id()));
          InstructionSample s = InstructionSample.builder().id(id).figure(f)
              .conversation(r.conversation())
              .provenance(new Provenance(generatorName, r.model(), r.promptTemplate(), demoIds, k, seed))
              .build();
          journal.append(id, Samples.toJson(s));
          tally.generated(b.pricing.usd(r.model(), r.usage()), r.model(), r.promptTemplate());
        } catch (BudgetExceededException e) {
          throw e;
        } catch (VitalException e) {
          recordFailure(failures, id, f.pairId(), e.getMessage());
          tally.failed();
        }
      });
      return StageResult.builder().count("figures", figures.size())
          .count("candidates", journal.size()).count("generated_now", tally.generated)
          .count("failed", tally.failed).spend(tally.spend)
          .detail("generator", generatorName).detail("model", tally.model)
          .detail("prompt_template", tally.template).detail("sampling", b.sampling.toString()).build();
    }
  }

  /** Counts a stage's items from any worker thread and reports progress. */
  private static final class Tally {
    private final StageContext ctx;
    private final long total;
    long done;
    long failed;
    long generated;
    double spend;
    String model = "";
    String template = "";

    Tally(StageContext ctx, long total) {
      this.ctx = ctx;
      this.total = total;
    }

    synchronized void done(double usd) {
      done++;
      spend += usd;
      ctx.progress(done, total, failed, spend);
    }

    synchronized void failed() {
      failed++;
      done(0);
    }

    synchronized void generated(double usd, String model, String template) {
      generated++;
      this.model = model;
      this.template = template;
      done(usd);
    }
  }

  private static void recordFailure(Journal failures, String id, String figureId, String reason) {
    ObjectNode n = Json.mapper().createObjectNode();
    String key = id + "@" + System.currentTimeMillis() + "-" + failures.size();
    n.put("id", key);
    n.put("sample_id", id);
    n.put("figure_id", figureId);
    n.put("reason", reason == null ? "" : reason);
    failures.append(key, n.toString());
  }

  /**
   * The seed of one candidate: a 64-bit FNV-1a hash of the run seed, the figure and the candidate
   * index, finished with a SplittableRandom-style mix. Stable across JVMs and releases.
   */
  static long candidateSeed(long seed, String pairId, int k) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < pairId.length(); i++) {
      h = (h ^ pairId.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ k) * 0x100000001b3L;
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  // ---------------------------------------------------------------- judge

  static StageResult judge(VitalPipeline.Builder b, StageContext ctx) {
    List<InstructionSample> candidates = Samples.readJsonl(ctx.existing(CANDIDATES));
    ImageRoot root = b.inputs.containsKey("images") ? ImageRoot.of(ctx.path("images")) : null;
    Tally tally = new Tally(ctx, candidates.size());
    try (Journal journal = Journal.open(ctx.path(RATINGS));
        Journal failures = Journal.open(ctx.outputDir().resolve("judge-failures.jsonl"))) {
      List<InstructionSample> work = new ArrayList<>();
      for (InstructionSample s : candidates) {
        if (journal.contains(s.id())) {
          tally.done(0);
        } else {
          work.add(s);
        }
      }
      Workers.run(work, b.concurrency, "judge", s -> {
        ImageRef image = null;
        if (root != null) {
          try {
            image = root.resolve(s.image());
          } catch (InvalidDataException e) {
            image = null;
          }
        }
        try {
          Rating r = b.judge.rate(s, image);
          if (!r.sampleId().equals(s.id())) {
            throw new VitalException("judge rated '" + r.sampleId() + "' when asked for '" + s.id()
                + "'; a judge must return the rating of the sample it was given");
          }
          journal.append(s.id(), PipelineFiles.ratingJson(r));
          tally.generated(0, r.rater(), r.rubricId());
        } catch (BudgetExceededException e) {
          throw e;
        } catch (VitalException e) {
          recordFailure(failures, s.id(), s.figureId(), e.getMessage());
          tally.failed();
        }
      });
    }
    List<Rating> ratings = PipelineFiles.readRatings(ctx.path(RATINGS));
    String rubric = tally.template;
    String rater = tally.model;
    for (Rating r : ratings) {
      rubric = rubric.isEmpty() ? r.rubricId() : rubric;
      rater = rater.isEmpty() ? r.rater() : rater;
    }
    return StageResult.builder().count("candidates", candidates.size())
        .count("ratings", ratings.size()).count("failed", tally.failed)
        .detail("rubric_id", rubric).detail("model", rater).build();
  }

  // ---------------------------------------------------------------- pairs

  static StageResult pairs(VitalPipeline.Builder b, StageContext ctx) {
    List<InstructionSample> candidates = Samples.readJsonl(ctx.existing(CANDIDATES));
    List<Rating> ratings = PipelineFiles.readRatings(ctx.existing(RATINGS));
    List<PreferencePair> clinician = ctx.input("clinician-pairs").isPresent()
        ? PipelineFiles.readClinicianPairs(ctx.existing("clinician-pairs"), b.humanWeight)
        : List.of();
    PreferenceDataset ds = b.pairing.pair(new PairingInput(candidates, ratings, clinician, b.seed));
    StringBuilder sb = new StringBuilder();
    long model = 0;
    long human = 0;
    for (String split : List.of("train", "validation")) {
      for (PreferencePair p : split.equals("train") ? ds.train() : ds.validation()) {
        sb.append(PipelineFiles.pairJson(p, split)).append('\n');
        if (p.source() == PreferenceSource.CLINICIAN) {
          human++;
        } else {
          model++;
        }
      }
    }
    Fingerprints.writeAtomically(ctx.path(PAIRS), sb.toString());
    return StageResult.builder().count("model_pairs", model).count("clinician_pairs", human)
        .count("train", ds.train().size()).count("validation", ds.validation().size())
        .detail("human_weight", VitalPipeline.Builder.fmt(b.humanWeight))
        .detail("human_share", String.format(java.util.Locale.ROOT, "%.4f", ds.humanShare()))
        .build();
  }

  // ---------------------------------------------------------------- train

  static StageResult train(VitalPipeline.Builder b, StageContext ctx) {
    PreferenceDataset ds = PipelineFiles.readPairs(ctx.existing(PAIRS));
    if (ds.train().isEmpty()) {
      throw new ScorerTrainingException("no training pairs in " + ctx.path(PAIRS)
          + "; the judge's ratings gave no pairs and no clinician pairs were configured");
    }
    List<Double> weights = b.humanWeightSweep.isEmpty() ? List.of(b.humanWeight) : b.humanWeightSweep;
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode sweep = out.putArray("sweep");
    TrainableScorer best = null;
    TrainingReport bestReport = null;
    double bestWeight = weights.get(0);
    double bestAlignment = Double.NEGATIVE_INFINITY;
    int run = 0;
    for (double w : weights) {
      run++;
      PreferenceDataset weighted = reweight(ds, w);
      TrainableScorer scorer = b.scorerFactory.create(b.embedder);
      int thisRun = run;
      TrainingReport report;
      try {
        report = scorer.fit(weighted, new TrainingListener() {
          @Override
          public void onEpoch(EpochMetrics m) {
            ctx.progress(thisRun - 1, weights.size());
          }
        });
        ctx.progress(thisRun, weights.size());
      } catch (RuntimeException e) {
        scorer.close();
        throw e;
      }
      double alignment = report.finalMetrics().getOrDefault("clinician_alignment", Double.NaN);
      ObjectNode point = sweep.addObject();
      point.put("human_weight", w);
      point.put("human_share", weighted.humanShare());
      report.finalMetrics().forEach(point::put);
      double key = Double.isNaN(alignment) ? Double.NEGATIVE_INFINITY : alignment;
      if (best == null || key > bestAlignment) {
        if (best != null) {
          best.close();
        }
        best = scorer;
        bestReport = report;
        bestWeight = w;
        bestAlignment = key;
      } else {
        scorer.close();
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
    out.put("human_weight", bestWeight);
    ArrayNode epochs = out.putArray("epochs");
    for (EpochMetrics m : bestReport.epochs()) {
      ObjectNode e = epochs.addObject();
      e.put("epoch", m.epoch());
      e.put("train_loss", m.trainLoss());
      ObjectNode mm = e.putObject("metrics");
      m.metrics().forEach(mm::put);
    }
    ObjectNode fin = out.putObject("final_metrics");
    bestReport.finalMetrics().forEach(fin::put);
    if (b.humanWeightSweep.isEmpty()) {
      out.remove("sweep");
    }
    writeJson(dir.resolve("training.json"), out);
    ctx.share(SHARED_SCORER, best);
    StageResult.Builder r = StageResult.builder().count("pairs", ds.train().size())
        .count("epochs", bestReport.epochs().size()).count("trainings", weights.size())
        .detail("human_weight", VitalPipeline.Builder.fmt(bestWeight))
        .detail("scorer", best.getClass().getName());
    if (b.embedder != null) {
      r.detail("embedder", b.embedder.id());
    }
    return r.build();
  }

  static PreferenceDataset reweight(PreferenceDataset ds, double w) {
    List<PreferencePair> train = new ArrayList<>();
    for (PreferencePair p : ds.train()) {
      train.add(p.source() == PreferenceSource.CLINICIAN ? p.withWeight(w) : p);
    }
    List<PreferencePair> validation = new ArrayList<>();
    for (PreferencePair p : ds.validation()) {
      validation.add(p.source() == PreferenceSource.CLINICIAN ? p.withWeight(w) : p);
    }
    return new PreferenceDataset(train, validation);
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
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("id", batch.get(j).id());
            n.put("score", scores[j]);
            journal.append(batch.get(j).id(), n.toString());
          }
          done += batch.size();
          batch.clear();
          ctx.progress(done, candidates.size());
        }
      }
      return StageResult.builder().count("scored", journal.size())
          .detail("scorer", scorer.getClass().getName()).build();
    }
  }

  static Map<String, Double> readScores(Path file) {
    Map<String, Double> out = new LinkedHashMap<>();
    PipelineFiles.forEachRecord(file, (line, n) -> {
      if (!n.path("score").isNumber()) {
        throw new InvalidDataException(file.toString(), line, "score", "must be a number");
      }
      out.put(n.path("id").asText(), n.get("score").asDouble());
    });
    return out;
  }

  // ---------------------------------------------------------------- select

  static StageResult select(VitalPipeline.Builder b, StageContext ctx) {
    Map<String, Double> scores = readScores(ctx.existing(SCORES));
    List<InstructionSample> candidates = Samples.readJsonl(ctx.existing(CANDIDATES));
    List<ScoredSample> scored = new ArrayList<>();
    for (InstructionSample s : candidates) {
      Double sc = scores.get(s.id());
      if (sc == null) {
        throw new InvalidDataException(ctx.path(SCORES).toString(), 0, null,
            "has no score for candidate '" + s.id() + "'; re-run the score stage");
      }
      scored.add(new ScoredSample(s, sc));
    }
    List<ScoredSample> kept = b.selector.select(scored);
    StringBuilder sb = new StringBuilder();
    double cut = Double.POSITIVE_INFINITY;
    for (ScoredSample s : kept) {
      sb.append(Samples.toJson(s.sample())).append('\n');
      cut = Math.min(cut, s.score());
    }
    Fingerprints.writeAtomically(ctx.path(SELECTED_CANDIDATES), sb.toString());
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
    Path file = ctx.path(SELECTED);
    Path tmp;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "selected", ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp);
          JsonGenerator g = Json.factory().createGenerator(os, JsonEncoding.UTF8)) {
        g.setCodec(Json.mapper());
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        for (InstructionSample s : selected) {
          Random r = new Random(candidateSeed(ctx.seed(), s.id(), 0));
          ObjectNode n = Json.mapper().createObjectNode();
          n.put("id", s.id());
          n.put("image", s.image());
          n.set("domain", Samples.domainNode(s.domains()));
          n.set("conversations",
              Samples.turnsNode(s.conversation().withImageToken(r.nextBoolean()).turns()));
          g.writeTree(n);
        }
        g.writeEndArray();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new VitalException("cannot write " + file + ": " + e.getMessage(), e);
    }
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
      Fingerprints.writeAtomically(file,
          Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + file, e);
    }
  }
}
