package org.biomedvital.tuning.llava;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.biomedvital.pipeline.LaunchPlanner;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.TuningJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a tuning job for the LLaVA-Med or LLaVA training code: builds the stage's {@link
 * LlavaMedRecipe} (the job's parameters appended as {@code --key value} training arguments, which
 * win), runs the {@link LlavaPreflight} checks, writes the rendered files ({@code launch.sh},
 * {@code ds_config.json}) into the job's output folder and returns the launch spec, logging to
 * {@code <out>/train.log}. Use it with {@code VitalPipeline.Builder.launchTarget(target, planner)}
 * or through {@link LlavaTuningRunner}.
 *
 * <pre>{@code
 * LaunchPlanner planner = new LlavaLaunchPlanner(LlavaCodebase.LLAVA_MED_V1,
 *     b -> b.gpusPerNode(8), Path.of("/opt/LLaVA-Med"), LauncherKind.SLURM);
 * }</pre>
 */
public final class LlavaLaunchPlanner implements LaunchPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(LlavaLaunchPlanner.class);

  private final LlavaCodebase codebase;
  private final UnaryOperator<LlavaMedRecipe.Builder> customizer;
  private final Path codeDir;
  private final LauncherKind kind;

  /**
   * A planner.
   *
   * @param customizer adjusts each stage's recipe (GPUs, batch, LoRA...)
   * @param codeDir the training code checkout the command runs in
   * @param kind how the launcher is rendered for the target
   */
  public LlavaLaunchPlanner(LlavaCodebase codebase, UnaryOperator<LlavaMedRecipe.Builder> customizer,
      Path codeDir, LauncherKind kind) {
    this.codebase = Objects.requireNonNull(codebase, "codebase == null");
    this.customizer = Objects.requireNonNull(customizer, "customizer == null");
    this.codeDir = Objects.requireNonNull(codeDir, "codeDir == null");
    this.kind = Objects.requireNonNull(kind, "kind == null");
  }

  /** The recipe for a job. */
  public LlavaMedRecipe recipe(TuningJob job) {
    LlavaMedRecipe.Builder b = customizer.apply(LlavaMedRecipe.builder(codebase, job.stage()));
    job.parameters().forEach(b::extraArgument);
    return b.build();
  }

  /**
   * Checks, renders and writes the launch.
   *
   * @throws PreflightException when a pre-flight check fails (nothing is written)
   */
  @Override
  public LaunchSpec plan(TuningJob job) {
    LlavaMedRecipe recipe = recipe(job);
    List<PreflightFinding> warnings = LlavaPreflight.requireOk(recipe, job);
    warnings.forEach(w -> LOG.warn("pre-flight: {}", w.message()));
    RenderedLaunch launch = new LlavaLaunchRenderer(recipe, codeDir).render(job, kind);
    launch.write(job.outputDir());
    return launch.toSpec(job.name(), job.outputDir().resolve("train.log"), recipe.nodes(),
        recipe.gpusPerNode());
  }
}
