package org.biomedvital.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.Selector;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningRunner;
import org.biomedvital.pipeline.EvaluationTables;
import org.biomedvital.pipeline.LaunchPlanner;
import org.biomedvital.pipeline.Pipeline;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.pipeline.Pricing;
import org.biomedvital.pipeline.ScorerFactory;
import org.biomedvital.pipeline.ScorerLoader;
import org.biomedvital.pipeline.Stage;
import org.biomedvital.pipeline.StageAction;

/**
 * The whole BioMed-VITAL flow as one resumable run: generate candidates, judge them, build preference
 * pairs, train the clinician-aligned scorer, score, select, export the LLaVA-Med training file, tune,
 * evaluate and write the report.
 *
 * <h2>Files</h2>
 *
 * <p>Each stage reads the files of the stages before it from the output folder and writes its own
 * there: {@code candidates.jsonl}, {@code ratings.jsonl}, {@code pairs.jsonl}, {@code scorer/},
 * {@code scores.jsonl}, {@code selected-candidates.jsonl} and {@code selection.json}, {@code
 * selected.json}, {@code tuning/}, {@code evaluation/}, {@code report/index.html}, and {@code
 * run-manifest.json} with the lineage of them all. Running again resumes: complete stages are
 * skipped, the journals of interrupted ones pick up where they stopped. Hand in a stage's output file
 * with {@link Builder#provide} to replace the stage, or {@link Builder#replace} its action with your
 * own code.
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * VitalPipeline.builder()
 *     .figures(Path.of("figures.json")).images(Path.of("images"))
 *     .demonstrations(Path.of("clinician-demonstrations.jsonl"), SamplingStrategy.perDomain(1))
 *     .generator(Providers.instructionGenerator("caption-grounded", ProviderSettings.EMPTY))
 *     .candidatesPerFigure(2)
 *     .judge(Providers.preferenceJudge("heuristic", ProviderSettings.EMPTY))
 *     .clinicianPairs(Path.of("clinician-pairs.json"), 100)
 *     .embedder(embedder).scorerFactory(myScorerFactory).scorerLoader(myScorerLoader)
 *     .selector(topEightyPercent)
 *     .tuningRunner(Providers.tuningRunner("tiny", ProviderSettings.EMPTY))
 *     .evaluation(myEvaluation).report(myReport)
 *     .outputDir(Path.of("run"))
 *     .build()
 *     .run(PipelineListener.NONE);
 * }</pre>
 *
 * <p>This class stays over 400 lines because its nested {@link Builder} is the public API that the
 * configuration file mirrors key by key, one documented setter per key; the stage code lives in the
 * package-private {@code VitalStages} and {@code ModelStages}.
 */
public final class VitalPipeline {
  /** Writes {@code candidates.jsonl}. */
  public static final String GENERATE = "generate";
  /** Writes {@code ratings.jsonl}. */
  public static final String JUDGE = "judge";
  /** Writes {@code pairs.jsonl}. */
  public static final String PAIRS = "pairs";
  /** Writes {@code scorer/}. */
  public static final String TRAIN = "train";
  /** Writes {@code scores.jsonl}. */
  public static final String SCORE = "score";
  /** Writes {@code selected-candidates.jsonl} and {@code selection.json}. */
  public static final String SELECT = "select";
  /** Writes {@code selected.json}. */
  public static final String EXPORT = "export";
  /** Writes {@code tuning/}. */
  public static final String TUNE = "tune";
  /** Writes {@code evaluation/}. */
  public static final String EVALUATE = "evaluate";
  /** Writes {@code report/index.html}. */
  public static final String REPORT = "report";

  /** Every stage, in run order. */
  public static final List<String> STAGES = List.of(GENERATE, JUDGE, PAIRS, TRAIN, SCORE, SELECT,
      EXPORT, TUNE, EVALUATE, REPORT);

  /** The default share of clinician pairs held out for validation. */
  public static final double DEFAULT_CLINICIAN_VALIDATION = 0.2;

  /** The default demonstration sampling: one per domain, as the paper. */
  public static final SamplingStrategy DEFAULT_SAMPLING = SamplingStrategy.perDomain(1);

  /** The default number of candidates per figure. */
  public static final int DEFAULT_CANDIDATES_PER_FIGURE = 1;

  /** The default number of generation and judge calls at once. */
  public static final int DEFAULT_CONCURRENCY = 1;

  /** The default weight of the clinician pairs in the training loss. */
  public static final double DEFAULT_HUMAN_WEIGHT = 1.0;

  /** The default number of candidates scored per batch. */
  public static final int DEFAULT_SCORE_BATCH_SIZE = 64;

  /** The default tuning stage of the LLaVA-Med recipe. */
  public static final int DEFAULT_TUNING_STAGE = 2;

  /** The default run seed. */
  public static final long DEFAULT_SEED = Pipeline.DEFAULT_SEED;

  /** The pipeline input names a stage may read. */
  public static final List<String> INPUTS =
      List.of("figures", "images", "demonstrations", "clinician-pairs", "heldout");

  private final Pipeline pipeline;
  private final Builder settings;

  private VitalPipeline(Pipeline pipeline, Builder settings) {
    this.pipeline = pipeline;
    this.settings = settings;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every setting of this pipeline; {@code toBuilder().build()} runs the same
   * stages. Stage implementations (generator, judge, scorers, runner) are shared, not copied.
   */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /** The underlying stage list and settings. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Runs the configured range of stages, resuming.
   *
   * @return the names of the stages that ran
   * @throws org.biomedvital.VitalException when a stage fails (earlier outputs stay)
   */
  public List<String> run(PipelineListener listener) {
    return pipeline.run(listener);
  }

  /**
   * Configures a {@link VitalPipeline}; every setter mirrors a key of the {@code biomed-vital run}
   * configuration file. The output folder is required; stages without an implementation fail only if
   * the run reaches them. The builder is declarative: settings apply at {@link #build()} whatever the
   * call order, and settings that exclude each other ({@link #tuningRunner} and {@link
   * #launchTarget}; the two {@code demonstrations} forms) are rejected there.
   */
  public static final class Builder {
    Path outputDir;
    final Map<String, Path> inputs = new LinkedHashMap<>();
    DemonstrationSet demonstrationSet;
    SamplingStrategy sampling = DEFAULT_SAMPLING;
    InstructionGenerator generator;
    int candidatesPerFigure = DEFAULT_CANDIDATES_PER_FIGURE;
    int concurrency = DEFAULT_CONCURRENCY;
    Pricing pricing = Pricing.FREE;
    PreferenceJudge judge;
    double humanWeight = DEFAULT_HUMAN_WEIGHT;
    List<Double> humanWeightSweep = List.of();
    int modelTrainPairs;
    int modelTestPairs;
    boolean sameFigurePairs = true;
    double clinicianValidation = DEFAULT_CLINICIAN_VALIDATION;
    FailureBudget failureBudget = FailureBudget.DEFAULT;
    Embedder embedder;
    ScorerFactory scorerFactory;
    ScorerLoader scorerLoader;
    SelectionScorer fixedScorer;
    Selector selector;
    int scoreBatchSize = DEFAULT_SCORE_BATCH_SIZE;
    TuningRunner tuningRunner;
    LaunchTarget launchTarget;
    LaunchPlanner launchPlanner;
    int tuningStage = DEFAULT_TUNING_STAGE;
    String baseModel = "";
    final Map<String, String> tuningParameters = new LinkedHashMap<>();
    StageAction evaluation;
    StageAction report;
    final Map<String, StageAction> replaced = new LinkedHashMap<>();
    final Map<String, List<Path>> provided = new LinkedHashMap<>();
    final Set<String> skipped = new LinkedHashSet<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, String> versions = new LinkedHashMap<>();
    long seed = DEFAULT_SEED;
    String from;
    String to;

    private Builder() {}

    /** A copy of {@code o}: its own collections, the same stage implementations. */
    private Builder(Builder o) {
      outputDir = o.outputDir;
      inputs.putAll(o.inputs);
      demonstrationSet = o.demonstrationSet;
      sampling = o.sampling;
      generator = o.generator;
      candidatesPerFigure = o.candidatesPerFigure;
      concurrency = o.concurrency;
      pricing = o.pricing;
      judge = o.judge;
      humanWeight = o.humanWeight;
      humanWeightSweep = o.humanWeightSweep;
      modelTrainPairs = o.modelTrainPairs;
      modelTestPairs = o.modelTestPairs;
      sameFigurePairs = o.sameFigurePairs;
      clinicianValidation = o.clinicianValidation;
      failureBudget = o.failureBudget;
      embedder = o.embedder;
      scorerFactory = o.scorerFactory;
      scorerLoader = o.scorerLoader;
      fixedScorer = o.fixedScorer;
      selector = o.selector;
      scoreBatchSize = o.scoreBatchSize;
      tuningRunner = o.tuningRunner;
      launchTarget = o.launchTarget;
      launchPlanner = o.launchPlanner;
      tuningStage = o.tuningStage;
      baseModel = o.baseModel;
      tuningParameters.putAll(o.tuningParameters);
      evaluation = o.evaluation;
      report = o.report;
      replaced.putAll(o.replaced);
      provided.putAll(o.provided);
      skipped.addAll(o.skipped);
      settings.putAll(o.settings);
      versions.putAll(o.versions);
      seed = o.seed;
      from = o.from;
      to = o.to;
    }

    /** The output folder (required). */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** The figures file: PMC caption records (JSON array, domain-keyed object, or JSONL). */
    public Builder figures(Path file) {
      inputs.put("figures", Objects.requireNonNull(file, "file == null"));
      return this;
    }

    /** The folder the figures' image names are relative to. */
    public Builder images(Path dir) {
      inputs.put("images", Objects.requireNonNull(dir, "dir == null"));
      return this;
    }

    /**
     * The clinician demonstrations file and how to sample them per request; not together with
     * {@link #demonstrations(DemonstrationSet, SamplingStrategy)}.
     */
    public Builder demonstrations(Path file, SamplingStrategy strategy) {
      inputs.put("demonstrations", Objects.requireNonNull(file, "file == null"));
      return sampling(strategy);
    }

    /**
     * Demonstrations already in memory, and how to sample them per request; not together with
     * {@link #demonstrations(Path, SamplingStrategy)}.
     */
    public Builder demonstrations(DemonstrationSet set, SamplingStrategy strategy) {
      this.demonstrationSet = Objects.requireNonNull(set, "set == null");
      return sampling(strategy);
    }

    /** How demonstrations are sampled per request; default {@link #DEFAULT_SAMPLING}. */
    public Builder sampling(SamplingStrategy strategy) {
      this.sampling = Objects.requireNonNull(strategy, "strategy == null");
      return this;
    }

    /** The instruction generator of the generate stage. */
    public Builder generator(InstructionGenerator generator) {
      this.generator = Objects.requireNonNull(generator, "generator == null");
      return this;
    }

    /** Candidates per figure, >= 1; default {@value #DEFAULT_CANDIDATES_PER_FIGURE}. */
    public Builder candidatesPerFigure(int n) {
      this.candidatesPerFigure = Checks.positive(n, "candidatesPerFigure");
      return this;
    }

    /**
     * How many generation and judge calls run at once (remote models are slow; the model client
     * enforces its rate limits); default {@value #DEFAULT_CONCURRENCY}. With more than one, the journals hold items in the
     * order they finished.
     */
    public Builder concurrency(int n) {
      this.concurrency = Checks.positive(n, "concurrency");
      return this;
    }

    /** Prices of model tokens, for the spend; default free. */
    public Builder pricing(Pricing pricing) {
      this.pricing = Objects.requireNonNull(pricing, "pricing == null");
      return this;
    }

    /** The judge of the judge stage. */
    public Builder judge(PreferenceJudge judge) {
      this.judge = Objects.requireNonNull(judge, "judge == null");
      return this;
    }

    /**
     * The clinicians' preference pairs (official pairwise format) and their weight w in the training
     * loss (model pairs weigh 1).
     */
    public Builder clinicianPairs(Path file, double humanWeight) {
      inputs.put("clinician-pairs", Objects.requireNonNull(file, "file == null"));
      return humanWeight(humanWeight);
    }

    /** The clinician pairs' weight w, > 0; default {@value #DEFAULT_HUMAN_WEIGHT}. */
    public Builder humanWeight(double w) {
      Checks.checkArgument(w > 0 && Double.isFinite(w), "humanWeight must be finite and > 0 but was %s", w);
      this.humanWeight = w;
      return this;
    }

    /**
     * Trains one scorer per human weight and keeps the one with the best validation clinician
     * alignment (the paper sweeps 1, 10, 100, 200, 300, 400); empty for a single training.
     */
    public Builder humanWeightSweep(List<Double> weights) {
      for (Double w : weights) {
        Checks.checkArgument(w != null && w > 0 && Double.isFinite(w),
            "every sweep weight must be finite and > 0 but one was %s", w);
      }
      this.humanWeightSweep = List.copyOf(weights);
      return this;
    }

    /**
     * The paper's score-level model pairs: how many training and test pairs {@link
     * org.biomedvital.selection.preference.ModelPairBuilder} draws; 0 (the default) scales them to
     * the rated pool (5 training pairs per rated candidate up to the paper's 30,000, a third as many
     * test pairs up to 10,000).
     */
    public Builder modelPairs(int trainPairs, int testPairs) {
      this.modelTrainPairs = Checks.nonNegative(trainPairs, "trainPairs");
      this.modelTestPairs = Checks.nonNegative(testPairs, "testPairs");
      return this;
    }

    /** Whether candidates of one figure with different scores also make pairs; default true. */
    public Builder sameFigurePairs(boolean on) {
      this.sameFigurePairs = on;
      return this;
    }

    /**
     * The share of clinician pairs held out for validation (clinician alignment is measured on them,
     * never trained on), in [0, 0.9]; default {@value #DEFAULT_CLINICIAN_VALIDATION}.
     */
    public Builder clinicianValidation(double fraction) {
      Checks.checkArgument(fraction >= 0 && fraction <= 0.9,
          "clinicianValidation must be in [0, 0.9] but was %s", fraction);
      this.clinicianValidation = fraction;
      return this;
    }

    /**
     * How many of a stage's items (candidates, ratings) may fail: over the budget the stage fails and
     * nothing after it runs; default 2% ({@link FailureBudget#DEFAULT}).
     */
    public Builder failureBudget(FailureBudget budget) {
      this.failureBudget = Objects.requireNonNull(budget, "budget == null");
      return this;
    }

    /** The embedder handed to the scorer factory and loader. */
    public Builder embedder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder == null");
      return this;
    }

    /** Creates the scorer the train stage fits. */
    public Builder scorerFactory(ScorerFactory factory) {
      this.scorerFactory = Objects.requireNonNull(factory, "factory == null");
      return this;
    }

    /** Loads the trained scorer when a run resumes after the train stage. */
    public Builder scorerLoader(ScorerLoader loader) {
      this.scorerLoader = Objects.requireNonNull(loader, "loader == null");
      return this;
    }

    /** Scores with this scorer and skips the train stage (a baseline or an already trained model). */
    public Builder scorer(SelectionScorer scorer) {
      this.fixedScorer = Objects.requireNonNull(scorer, "scorer == null");
      return this;
    }

    /** Candidates scored per batch; default {@value #DEFAULT_SCORE_BATCH_SIZE}. */
    public Builder scoreBatchSize(int n) {
      this.scoreBatchSize = Checks.positive(n, "scoreBatchSize");
      return this;
    }

    /** The selector of the select stage (compose with {@link Selector#andThen}). */
    public Builder selector(Selector selector) {
      this.selector = Objects.requireNonNull(selector, "selector == null");
      return this;
    }

    /**
     * Tunes with this runner (the in-JVM runner or a launcher); not together with {@link
     * #launchTarget}.
     */
    public Builder tuningRunner(TuningRunner runner) {
      this.tuningRunner = Objects.requireNonNull(runner, "runner == null");
      return this;
    }

    /**
     * Tunes by launching the planned command on a target (local, SLURM, Kubernetes); not together
     * with {@link #tuningRunner}.
     */
    public Builder launchTarget(LaunchTarget target, LaunchPlanner planner) {
      this.launchTarget = Objects.requireNonNull(target, "target == null");
      this.launchPlanner = Objects.requireNonNull(planner, "planner == null");
      return this;
    }

    /** The tuning stage of the LLaVA-Med recipe, 1 or 2; default {@value #DEFAULT_TUNING_STAGE}. */
    public Builder tuningStage(int stage) {
      Checks.checkArgument(stage == 1 || stage == 2, "tuningStage must be 1 or 2 but was %d", stage);
      this.tuningStage = stage;
      return this;
    }

    /** The model to tune from (path or hub id); default the runner's own. */
    public Builder baseModel(String model) {
      this.baseModel = Objects.requireNonNull(model, "model == null");
      return this;
    }

    /** A tuning hyper-parameter, e.g. {@code learning_rate}. */
    public Builder tuningParameter(String key, String value) {
      tuningParameters.put(Checks.notBlank(key, "key"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** The held-out questions (QA50-style JSONL) the evaluation reads as input {@code heldout}. */
    public Builder heldout(Path file) {
      inputs.put("heldout", Objects.requireNonNull(file, "file == null"));
      return this;
    }

    /**
     * The evaluate stage: reads {@code tuning/} and the input {@code heldout}, writes {@code
     * evaluation/} (with {@code tables.json} for the report, see {@link EvaluationTables}).
     */
    public Builder evaluation(StageAction action) {
      this.evaluation = Objects.requireNonNull(action, "action == null");
      return this;
    }

    /** The report stage: reads the run's files, writes {@code report/index.html}. */
    public Builder report(StageAction action) {
      this.report = Objects.requireNonNull(action, "action == null");
      return this;
    }

    /** Runs {@code action} instead of the built-in stage {@code stage}. */
    public Builder replace(String stage, StageAction action) {
      replaced.put(checkStage(stage), Objects.requireNonNull(action, "action == null"));
      return this;
    }

    /**
     * Hands in a stage's output files instead of running it, one per output in order (e.g. {@code
     * provide("generate", Path.of("my-candidates.jsonl"))}).
     */
    public Builder provide(String stage, Path... outputs) {
      provided.put(checkStage(stage), List.of(outputs));
      return this;
    }

    /** Does not run a stage (later stages must not need its outputs). */
    public Builder skip(String stage) {
      skipped.add(checkStage(stage));
      return this;
    }

    /** The run's seed; default {@value #DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Records an extra setting in the manifest (e.g. the configuration file's hash). */
    public Builder setting(String key, String value) {
      return record(settings, Checks.notBlank(key, "key"), value, "value");
    }

    /** Records a library or model version in the manifest. */
    public Builder version(String name, String version) {
      return record(versions, Checks.notBlank(name, "name"), version, "version");
    }

    private Builder record(Map<String, String> manifestPart, String key, String value,
        String valueName) {
      manifestPart.put(key, Objects.requireNonNull(value, () -> valueName + " == null"));
      return this;
    }

    /** Starts at this stage (re-running it); null for the first. */
    public Builder from(String stage) {
      this.from = stage == null ? null : checkStage(stage);
      return this;
    }

    /** Stops after this stage; null for the last. */
    public Builder to(String stage) {
      this.to = stage == null ? null : checkStage(stage);
      return this;
    }

    private static String checkStage(String stage) {
      Objects.requireNonNull(stage, "stage == null");
      String s = stage.trim().toLowerCase(Locale.ROOT);
      Checks.checkArgument(STAGES.contains(s), "no stage named '%s'; the stages are %s", stage, STAGES);
      return s;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalStateException when the output folder is missing or two settings exclude each
     *     other
     */
    public VitalPipeline build() {
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      Checks.checkState(tuningRunner == null || launchTarget == null,
          "both tuningRunner(...) and launchTarget(...) are set; the tune stage uses one: drop one "
              + "of them");
      Checks.checkState(demonstrationSet == null || !inputs.containsKey("demonstrations"),
          "demonstrations are set both as a file and as a DemonstrationSet; call "
              + "demonstrations(...) once");
      Builder frozen = new Builder(this);
      Pipeline.Builder b = Pipeline.builder().outputDir(outputDir).seed(seed).from(from).to(to);
      inputs.forEach(b::input);
      b.setting("seed", Long.toString(seed));
      b.setting("candidates_per_figure", Integer.toString(candidatesPerFigure));
      b.setting("concurrency", Integer.toString(concurrency));
      b.setting("sampling", sampling.toString());
      b.setting("human_weight", fmt(humanWeight));
      b.setting("clinician_validation", fmt(clinicianValidation));
      b.setting("max_failure_rate", fmt(failureBudget.maxFailureRate()));
      if (!humanWeightSweep.isEmpty()) {
        List<String> ws = new ArrayList<>();
        humanWeightSweep.forEach(w -> ws.add(fmt(w)));
        b.setting("human_weight_sweep", String.join(",", ws));
      }
      if (selector != null) {
        b.setting("selector", selector.toString());
      }
      b.setting("tuning_stage", Integer.toString(tuningStage));
      b.setting("base_model", baseModel);
      tuningParameters.forEach((k, v) -> b.setting("tuning." + k, v));
      settings.forEach(b::setting);
      b.version("biomed-vital", libraryVersion());
      b.version("java", System.getProperty("java.version", ""));
      b.version("os", System.getProperty("os.name", "") + " " + System.getProperty("os.arch", ""));
      versions.forEach(b::version);
      for (Stage s : VitalStages.stages(frozen)) {
        StageAction custom = replaced.get(s.name());
        b.stage(custom != null ? s.withAction(custom) : s);
      }
      provided.forEach(b::provide);
      skipped.forEach(b::skip);
      if (fixedScorer != null && !provided.containsKey(TRAIN)) {
        b.skip(TRAIN);
      }
      return new VitalPipeline(b.build(), frozen);
    }

    static String fmt(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
          : String.format(Locale.ROOT, "%s", d);
    }

    private static String libraryVersion() {
      String v = VitalPipeline.class.getPackage().getImplementationVersion();
      return v == null ? "0.1.0-SNAPSHOT" : v;
    }
  }
}
