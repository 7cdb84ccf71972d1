package org.biomedvital.examples.recipes;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.sample.SampleFiles;
import org.biomedvital.sample.SyntheticSample;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * Generation and judging with a real vision model over an OpenAI-compatible endpoint (OpenAI,
 * vLLM, Ollama, LM Studio, llama.cpp server), then the paper's preference pairs: the first three
 * stages of the flow, from Java. The key is read from the environment variable named by {@code
 * keyVariable} (or none for a local server); it never reaches a file.
 */
public final class RealModelRecipe {
  private RealModelRecipe() {}

  /**
   * Runs generate, judge and pairs into {@code workDir/run} on the synthetic sample.
   *
   * @param baseUrl the endpoint, e.g. {@code http://localhost:8000/v1}
   * @param model the model id
   * @param keyVariable the environment variable holding the API key, or null for none
   * @return the stages that ran
   */
  public static List<String> run(Path workDir, String baseUrl, String model, String keyVariable) {
    SampleFiles sample = SyntheticSample.write(workDir.resolve("sample"), 7L);
    ProviderSettings client = ProviderSettings.of("base-url", baseUrl, "model", model,
        "max-retries", "3");
    if (keyVariable != null) {
      client = client.with("api-key-env", keyVariable);
    }
    return VitalPipeline.builder()
        .figures(sample.figures()).images(sample.images())
        .demonstrations(sample.demonstrations(), SamplingStrategy.perDomain(1))
        .generator(Providers.instructionGenerator("openai-compatible", client))
        .candidatesPerFigure(1)
        .concurrency(4)
        .judge(Providers.preferenceJudge("openai-compatible", client))
        .clinicianPairs(sample.clinicianPairs(), 100)
        .outputDir(workDir.resolve("run"))
        .to(VitalPipeline.PAIRS)
        .build()
        .run(PipelineListener.NONE);
  }

  /** Arguments: base URL, model, optionally the key's environment variable. */
  public static void main(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: RealModelRecipe BASE_URL MODEL [KEY_VARIABLE]");
    }
    List<String> stages = run(Path.of("real-model"), args[0], args[1],
        args.length > 2 ? args[2] : null);
    org.slf4j.LoggerFactory.getLogger(RealModelRecipe.class).info("ran {}", stages);
  }
}
