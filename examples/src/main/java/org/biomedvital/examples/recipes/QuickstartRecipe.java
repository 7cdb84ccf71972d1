package org.biomedvital.examples.recipes;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.sample.SampleFiles;
import org.biomedvital.sample.SyntheticSample;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * The README's quickstart: the whole BioMed-VITAL flow from Java, offline, on the synthetic sample,
 * with every stage implementation looked up by provider name.
 */
public final class QuickstartRecipe {
  private QuickstartRecipe() {}

  /** Runs the recipe into {@code workDir}; returns the stages that ran. */
  public static List<String> run(Path workDir) {
    SampleFiles sample = SyntheticSample.write(workDir.resolve("sample"), 7L);
    ProviderSettings none = ProviderSettings.EMPTY;
    return VitalPipeline.builder()
        .figures(sample.figures()).images(sample.images())
        .demonstrations(sample.demonstrations(), SamplingStrategy.perDomain(1))
        .generator(Providers.instructionGenerator("caption-grounded", none))
        .candidatesPerFigure(2)
        .judge(Providers.preferenceJudge("heuristic", none))
        .clinicianPairs(sample.clinicianPairs(), 100)
        .scorerFactory(embedder -> Providers.trainableScorer("djl-mlp",
            ProviderSettings.of("embedder", "minilm")))
        .selector(Providers.selector("top-fraction",
            ProviderSettings.of("fraction", "0.8", "per-domain-quota", "pool")))
        .tuningRunner(Providers.tuningRunner("tiny", ProviderSettings.of("steps", "60")))
        .heldout(sample.heldoutQuestions())
        .evaluation(Providers.find(StageActionProvider.class, "open-chat").create(none))
        .report(Providers.find(StageActionProvider.class, "html").create(none))
        .outputDir(workDir.resolve("run"))
        .build()
        .run(PipelineListener.NONE);
  }

  /** Runs the recipe into the folder given as the first argument (default {@code quickstart}). */
  public static void main(String[] args) {
    List<String> stages = run(Path.of(args.length > 0 ? args[0] : "quickstart"));
    org.slf4j.LoggerFactory.getLogger(QuickstartRecipe.class).info("ran {}", stages);
  }
}
