package org.biomedvital.tuning.llava;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.biomedvital.internal.Checks;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningRunner;

/**
 * Runs a tuning job with the LLaVA-Med or LLaVA training code: builds the stage's {@link
 * LlavaMedRecipe}, runs the {@link LlavaPreflight} checks, renders the launch into the job's output
 * folder ({@code launch.sh}, {@code ds_config.json}), launches it on a {@link LaunchTarget} and
 * follows it to the end.
 *
 * <p>The job's parameters are appended as {@code --key value} training arguments after the
 * recipe's, so they win (Python's argparse keeps the last occurrence).
 *
 * <pre>{@code
 * TuningRunner runner = LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
 *     .customize(b -> b.gpusPerNode(8)).codeDir(Path.of("/opt/LLaVA-Med"))
 *     .target(new LocalLaunchTarget(), LauncherKind.LOCAL).build();
 * TuningResult r = runner.run(job, listener);
 * }</pre>
 */
public final class LlavaTuningRunner implements TuningRunner {
  private final LlavaCodebase codebase;
  private final UnaryOperator<LlavaMedRecipe.Builder> customizer;
  private final Path codeDir;
  private final LaunchTarget target;
  private final LauncherKind kind;

  private LlavaTuningRunner(Builder b) {
    this.codebase = b.codebase;
    this.customizer = b.customizer;
    this.codeDir = b.codeDir;
    this.target = b.target;
    this.kind = b.kind;
  }

  /** A builder for {@code codebase}. */
  public static Builder builder(LlavaCodebase codebase) {
    return new Builder(codebase);
  }

  private LlavaLaunchPlanner planner() {
    return new LlavaLaunchPlanner(codebase, customizer, codeDir, kind);
  }

  /** The recipe this runner uses for a job. */
  public LlavaMedRecipe recipe(TuningJob job) {
    return planner().recipe(job);
  }

  /**
   * Checks, renders, launches and follows the job.
   *
   * @throws PreflightException when a pre-flight check fails (nothing is launched)
   * @throws org.biomedvital.TuningFailedException when the launch or the run fails
   */
  @Override
  public TuningResult run(TuningJob job, TuningListener listener) {
    LaunchSpec spec = planner().plan(job);
    listener.onStart(job);
    return target.launch(spec).await(listener);
  }

  /** Builds {@link LlavaTuningRunner}s; the target is required. */
  public static final class Builder {
    private final LlavaCodebase codebase;
    private UnaryOperator<LlavaMedRecipe.Builder> customizer = UnaryOperator.identity();
    private Path codeDir = Path.of(".");
    private LaunchTarget target;
    private LauncherKind kind = LauncherKind.LOCAL;

    private Builder(LlavaCodebase codebase) {
      this.codebase = Objects.requireNonNull(codebase, "codebase == null");
    }

    /** Adjusts each stage's recipe (GPUs, batch, LoRA...). */
    public Builder customize(UnaryOperator<LlavaMedRecipe.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer == null");
      return this;
    }

    /** The training code checkout; default the working directory. */
    public Builder codeDir(Path codeDir) {
      this.codeDir = Objects.requireNonNull(codeDir, "codeDir == null");
      return this;
    }

    /** Where to launch and how the launcher is rendered for it. */
    public Builder target(LaunchTarget target, LauncherKind kind) {
      this.target = Objects.requireNonNull(target, "target == null");
      this.kind = Objects.requireNonNull(kind, "kind == null");
      return this;
    }

    /** Builds. @throws IllegalStateException without a target */
    public LlavaTuningRunner build() {
      Checks.checkState(target != null, "target is required; call target(...)");
      return new LlavaTuningRunner(this);
    }
  }
}
