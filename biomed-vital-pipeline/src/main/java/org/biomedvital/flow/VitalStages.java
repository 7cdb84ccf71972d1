package org.biomedvital.flow;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.DemonstrationSet;
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
import org.biomedvital.pipeline.Pricing;
import org.biomedvital.pipeline.Stage;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageContext;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.clinician.AnnotationFormat;
import org.biomedvital.selection.clinician.ClinicianAnnotations;
import org.biomedvital.selection.judge.JudgeRunner;
import org.biomedvital.selection.preference.ModelPairBuilder;
import org.biomedvital.selection.preference.PreferenceMixer;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Ratings;
import org.biomedvital.selection.scorer.WeightSweep;

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
        b.scorerFactory == null ? null : ctx -> ModelStages.train(b, ctx))
        .withSettings("sweep=" + b.humanWeightSweep + "; human_weight="
            + VitalPipeline.Builder.fmt(b.humanWeight)));
    List<String> scoreInputs = b.fixedScorer != null ? List.of(CANDIDATES)
        : List.of(SCORER, CANDIDATES);
    out.add(stage(VitalPipeline.SCORE, scoreInputs, List.of(SCORES), ctx -> ModelStages.score(b, ctx)));
    out.add(stage(VitalPipeline.SELECT, List.of(SCORES, CANDIDATES),
        List.of(SELECTED_CANDIDATES, SELECTION), b.selector == null ? null : ctx -> ModelStages.select(b, ctx))
        .withSettings(b.selector == null ? "" : "selector=" + b.selector));
    out.add(stage(VitalPipeline.EXPORT, List.of(SELECTED_CANDIDATES), List.of(SELECTED),
        ctx -> ModelStages.export(ctx)).withSettings("seed=" + b.seed));
    out.add(stage(VitalPipeline.TUNE, List.of(SELECTED, "images"), List.of(TUNING),
        b.tuningRunner == null && b.launchTarget == null ? null : ctx -> ModelStages.tune(b, ctx))
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
      throw new VitalIoException(candidates, "cannot read " + candidates + ": " + e.getMessage(), e);
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
      throw new VitalIoException(file, "cannot replace " + file + ": " + e.getMessage(), e);
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

  static long count(List<PreferencePair> pairs, PreferenceSource source) {
    return pairs.stream().filter(p -> p.source() == source).count();
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
