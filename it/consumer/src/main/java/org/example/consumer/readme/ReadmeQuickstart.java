package org.example.consumer.readme;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.sample.SampleFiles;
import org.biomedvital.sample.SyntheticSample;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * The README's quickstart, verbatim between the markers (ReadmeInSyncTest holds the two equal),
 * compiled against the installed artifacts.
 */
public final class ReadmeQuickstart {
  private ReadmeQuickstart() {}

  /** Runs the quickstart in {@code workDir}; returns the stages that ran. */
  public static List<String> run(Path workDir) {
    // README:quickstart:begin
    SampleFiles sample = SyntheticSample.write(workDir.resolve("sample"), 7L);
    ProviderSettings none = ProviderSettings.EMPTY;
    List<String> ran = VitalPipeline.builder()
        .figures(sample.figures()).images(sample.images())
        .demonstrations(sample.demonstrations(), SamplingStrategy.perDomain(1))
        .generator(Providers.instructionGenerator("caption-grounded", none)).candidatesPerFigure(2)
        .judge(Providers.preferenceJudge("heuristic", none))
        .clinicianPairs(sample.clinicianPairs(), 100)
        .scorerFactory(e -> Providers.trainableScorer("djl-mlp",
            ProviderSettings.of("embedder", "minilm")))
        .selector(Providers.selector("top-fraction", ProviderSettings.of("fraction", "0.8", "per-domain-quota", "pool")))
        .tuningRunner(Providers.tuningRunner("tiny", ProviderSettings.of("steps", "60")))
        .heldout(sample.heldoutQuestions())
        .evaluation(Providers.find(StageActionProvider.class, "open-chat").create(none))
        .report(Providers.find(StageActionProvider.class, "html").create(none))
        .outputDir(workDir.resolve("run")).build().run(PipelineListener.NONE);
    // README:quickstart:end
    return ran;
  }
}
