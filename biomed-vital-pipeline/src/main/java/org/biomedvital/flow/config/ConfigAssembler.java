package org.biomedvital.flow.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.model.Embedder;
import org.biomedvital.pipeline.Pricing;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectionScorerProvider;
import org.biomedvital.spi.TrainableScorerProvider;
import org.biomedvital.selection.provider.MlpScorerProvider;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.ScorerConfig;

/**
 * Creates the stage implementations of a {@link PipelineConfig} by provider name and hands them to a
 * {@link VitalPipeline.Builder}; split from {@link PipelineConfig}, which reads and checks the file.
 */
final class ConfigAssembler {
  private final PipelineConfig c;

  ConfigAssembler(PipelineConfig c) {
    this.c = c;
  }

  /** See {@link PipelineConfig#toBuilder(String, String)}. */
  VitalPipeline.Builder builder(String fromStage, String toStage) {
    String first = fromStage != null ? fromStage : c.from;
    String last = toStage != null ? toStage : c.to;
    int lo = first == null ? 0 : stageIndex(first);
    int hi = last == null ? VitalPipeline.STAGES.size() - 1 : stageIndex(last);
    java.util.function.Predicate<String> inRange = st -> {
      int i = VitalPipeline.STAGES.indexOf(st);
      return i >= lo && i <= hi;
    };
    VitalPipeline.Builder b = VitalPipeline.builder().outputDir(c.output).seed(c.seed)
        .candidatesPerFigure(c.candidatesPerFigure).humanWeight(c.humanWeight).concurrency(c.concurrency)
        .humanWeightSweep(c.sweep).scoreBatchSize(c.batchSize).tuningStage(c.tuningStage)
        .baseModel(c.baseModel).modelPairs(c.modelTrainPairs, c.modelTestPairs)
        .sameFigurePairs(c.sameFigure).clinicianValidation(c.clinicianValidation)
        .failureBudget(new FailureBudget(c.maxFailureRate))
        .setting("config", c.file.toString()).setting("config_sha256", c.sha256);
    if (c.inputs.containsKey("figures")) {
      b.figures(c.inputs.get("figures"));
    }
    if (c.inputs.containsKey("images")) {
      b.images(c.inputs.get("images"));
    }
    if (c.inputs.containsKey("heldout")) {
      b.heldout(c.inputs.get("heldout"));
    }
    if (c.inputs.containsKey("clinician-pairs")) {
      b.clinicianPairs(c.inputs.get("clinician-pairs"), c.humanWeight);
    }
    c.parameters.forEach(b::tuningParameter);
    if (c.inputPerMillion > 0 || c.outputPerMillion > 0) {
      b.pricing(Pricing.perMillionTokens(c.inputPerMillion, c.outputPerMillion));
    }
    if (c.generator != null && inRange.test(VitalPipeline.GENERATE)) {
      b.generator(Providers.instructionGenerator(c.generator.provider(), c.generator.providerSettings()));
      b.version("generator", c.generator.provider());
    }
    if (c.judge != null && inRange.test(VitalPipeline.JUDGE)) {
      b.judge(Providers.preferenceJudge(c.judge.provider(), c.judge.providerSettings()));
      b.version("judge", c.judge.provider());
    }
    Embedder emb = null;
    boolean needsEmbedder = inRange.test(VitalPipeline.TRAIN) || inRange.test(VitalPipeline.SCORE)
        || (c.sampling.equals("k-center") && inRange.test(VitalPipeline.GENERATE));
    if (c.embedder != null && needsEmbedder) {
      emb = Providers.embedder(c.embedder.provider(), c.embedder.providerSettings());
      b.embedder(emb);
      b.version("embedder", emb.id());
    }
    SamplingStrategy strategy = samplingStrategy(emb);
    if (c.inputs.containsKey("demonstrations")) {
      b.demonstrations(c.inputs.get("demonstrations"), strategy);
    } else {
      b.sampling(strategy);
    }
    if (c.scorer != null && (inRange.test(VitalPipeline.TRAIN) || inRange.test(VitalPipeline.SCORE))) {
      if (c.scorer.provider().equals("djl-mlp") && emb != null
          && c.scorer.providerSettings().get("embedder").isEmpty()) {
        mlpScorer(b, new MemoEmbedder(emb));
      } else {
        scorer(b);
      }
    }
    if (!c.selectors.isEmpty() && inRange.test(VitalPipeline.SELECT)) {
      Selector s = null;
      List<String> names = new ArrayList<>();
      for (PipelineConfig.ProviderSpec spec : c.selectors) {
        Selector next = Providers.selector(spec.provider(), spec.providerSettings());
        s = s == null ? next : s.andThen(next);
        names.add(spec.provider() + spec.settings());
      }
      Selector composed = s;
      String label = String.join(" then ", names);
      b.selector(new Selector() {
        @Override
        public List<org.biomedvital.selection.ScoredSample> select(
            List<org.biomedvital.selection.ScoredSample> scored) {
          return composed.select(scored);
        }

        @Override
        public String toString() {
          return label;
        }
      });
    }
    if (c.runner != null && inRange.test(VitalPipeline.TUNE)) {
      b.tuningRunner(Providers.tuningRunner(c.runner.provider(), c.runner.providerSettings()));
      b.version("tuning_runner", c.runner.provider());
    }
    if (c.evaluate != null && inRange.test(VitalPipeline.EVALUATE)) {
      b.evaluation(Providers.create(StageActionProvider.class, c.evaluate.provider(), c.evaluate.providerSettings()));
    }
    if (c.report != null && inRange.test(VitalPipeline.REPORT)) {
      b.report(Providers.create(StageActionProvider.class, c.report.provider(), c.report.providerSettings()));
    }
    b.from(first).to(last);
    c.skip.forEach(b::skip);
    c.provide.forEach((stage, paths) -> b.provide(stage, paths.toArray(new Path[0])));
    return b;
  }

  private static int stageIndex(String stage) {
    int i = VitalPipeline.STAGES.indexOf(stage);
    if (i < 0) {
      throw new IllegalArgumentException("no stage named '" + stage + "'; the stages are "
          + VitalPipeline.STAGES);
    }
    return i;
  }

  private SamplingStrategy samplingStrategy(Embedder emb) {
    switch (c.sampling) {
      case "stratified":
        return c.samplingMix.isEmpty() ? SamplingStrategy.stratified(c.samplingN)
            : SamplingStrategy.stratified(c.samplingN, c.samplingMix);
      case "k-center":
        if (emb == null) {
          throw new IllegalArgumentException(c.file + ": 'generate.sampling.strategy' k-center needs an "
              + "embedder; set train.embedder");
        }
        return SamplingStrategy.kCenter(c.samplingN, emb);
      default:
        return SamplingStrategy.perDomain(c.samplingK);
    }
  }

  /**
   * The {@code djl-mlp} scorer over the run's own embedder, remembered in memory: the trainings of
   * a sweep and the score stage then embed each text once (the provider would load a fresh
   * embedder per training).
   */
  private void mlpScorer(VitalPipeline.Builder b, Embedder shared) {
    ProviderSettings settings = c.scorer.providerSettings();
    if (settings.get("load").isPresent()) {
      throw new IllegalArgumentException(c.file + ": train.scorer setting 'load' is not for a run; "
          + "hand in a trained scorer with run.provide: {train: FOLDER}");
    }
    ScorerConfig config = MlpScorerProvider.config(settings);
    String spec = c.embedder.provider();
    b.version("scorer", c.scorer.provider());
    b.scorerFactory(e -> MlpScorer.builder().embedder(shared).embedderSpec(spec).config(config)
        .build());
    b.scorerLoader((dir, e) -> MlpScorer.load(dir, shared, null));
  }

  /**
   * A trainable scorer provider is asked for a fresh scorer per training, with the setting {@code
   * embedder} set to the embedder's provider name; a resumed run asks it again with {@code load}
   * set to the saved model folder. A provider of a plain scorer scores without training.
   */
  private void scorer(VitalPipeline.Builder b) {
    ProviderSettings base = c.scorer.providerSettings();
    if (c.embedder != null && base.get("embedder").isEmpty()) {
      base = base.with("embedder", c.embedder.provider());
    }
    ProviderSettings settings = base;
    b.version("scorer", c.scorer.provider());
    TrainableScorerProvider trainable =
        Providers.available(TrainableScorerProvider.class).get(c.scorer.provider());
    if (trainable != null) {
      trainable.create(settings).close();
      b.scorerFactory(e -> trainable.create(settings));
      b.scorerLoader((dir, e) -> trainable.create(settings.with("load", dir.toString())));
      return;
    }
    SelectionScorerProvider provider = Providers.find(SelectionScorerProvider.class, c.scorer.provider());
    SelectionScorer probe = provider.create(settings);
    if (probe instanceof TrainableScorer) {
      ((TrainableScorer) probe).close();
      b.scorerFactory(e -> (TrainableScorer) provider.create(settings));
      b.scorerLoader((dir, e) -> provider.create(settings.with("load", dir.toString())));
    } else {
      b.scorer(probe);
    }
  }
}
