package org.biomedvital.tuning.llava;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.biomedvital.internal.Checks;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.launch.ClusterLaunchTarget;
import org.biomedvital.tuning.launch.LocalLaunchTarget;
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
 *     .target(new LocalLaunchTarget()).build();   // the launcher kind follows the target
 * TuningResult r = runner.run(job, listener);
 * }</pre>
 */
public final class LlavaTuningRunner implements TuningRunner {
  /** The training code checkout unless set: the working directory. */
  public static final Path DEFAULT_CODE_DIR = Path.of(".");

  private final LlavaCodebase codebase;
  private final UnaryOperator<LlavaMedRecipe.Builder> customizer;
  private final Path codeDir;
  private final LaunchTarget target;
  private final LauncherKind kind;

  private LlavaTuningRunner(Builder b, LauncherKind kind) {
    this.codebase = b.codebase;
    this.customizer = b.customizer;
    this.codeDir = b.codeDir;
    this.target = b.target;
    this.kind = kind;
  }

  /** How the launcher is rendered: as given, or derived from the target. */
  public LauncherKind launcherKind() {
    return kind;
  }

  /** A builder for {@code codebase}. */
  public static Builder builder(LlavaCodebase codebase) {
    return new Builder(codebase);
  }

  /** A builder holding this runner's settings; the target is shared, not copied. */
  public Builder toBuilder() {
    return new Builder(codebase).customize(customizer).codeDir(codeDir).target(target, kind);
  }

  /**
   * The launcher kind a target needs: {@link LauncherKind#LOCAL} for a {@link LocalLaunchTarget},
   * the kind named like a {@link ClusterLaunchTarget} ({@code slurm}, {@code kubernetes}); empty
   * for other targets.
   */
  public static Optional<LauncherKind> launcherKindOf(LaunchTarget target) {
    Objects.requireNonNull(target, "target == null");
    if (target instanceof LocalLaunchTarget) {
      return Optional.of(LauncherKind.LOCAL);
    }
    if (target instanceof ClusterLaunchTarget c) {
      for (LauncherKind k : LauncherKind.values()) {
        if (k.name().equalsIgnoreCase(c.name())) {
          return Optional.of(k);
        }
      }
    }
    return Optional.empty();
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
    private Path codeDir = DEFAULT_CODE_DIR;
    private LaunchTarget target;
    private LauncherKind kind;

    private Builder(LlavaCodebase codebase) {
      this.codebase = Objects.requireNonNull(codebase, "codebase == null");
    }

    /** Adjusts each stage's recipe (GPUs, batch, LoRA...); default none. */
    public Builder customize(UnaryOperator<LlavaMedRecipe.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer == null");
      return this;
    }

    /** The training code checkout; default {@link #DEFAULT_CODE_DIR}. */
    public Builder codeDir(Path codeDir) {
      this.codeDir = Objects.requireNonNull(codeDir, "codeDir == null");
      return this;
    }

    /**
     * Where to launch; the launcher is rendered for the target's kind ({@link #launcherKindOf}).
     * A target of another kind needs {@link #target(LaunchTarget, LauncherKind)}.
     */
    public Builder target(LaunchTarget target) {
      this.target = Objects.requireNonNull(target, "target == null");
      this.kind = null;
      return this;
    }

    /**
     * Where to launch and how the launcher is rendered for it; a kind that contradicts the
     * target's ({@link #launcherKindOf}) is rejected by {@link #build()}.
     */
    public Builder target(LaunchTarget target, LauncherKind kind) {
      this.target = Objects.requireNonNull(target, "target == null");
      this.kind = Objects.requireNonNull(kind, "kind == null");
      return this;
    }

    /**
     * Builds.
     *
     * @throws IllegalStateException without a target, or when the launcher kind contradicts the
     *     target (a SLURM target with {@code LOCAL}) or cannot be derived from it
     */
    public LlavaTuningRunner build() {
      Checks.checkState(target != null, "target is required; call target(...)");
      Optional<LauncherKind> expected = launcherKindOf(target);
      if (kind == null) {
        Checks.checkState(expected.isPresent(), "the launcher kind of %s is not known; call "
            + "target(target, LauncherKind.LOCAL / SLURM / KUBERNETES)",
            target.getClass().getName());
        return new LlavaTuningRunner(this, expected.get());
      }
      Checks.checkState(expected.isEmpty() || expected.get() == kind, "a %s target launches "
          + "with LauncherKind.%s but %s was given; call target(target) to follow the target, or "
          + "target(target, LauncherKind.%s)", expected.map(Enum::name).orElse(""),
          expected.map(Enum::name).orElse(""), kind, expected.map(Enum::name).orElse(""));
      return new LlavaTuningRunner(this, kind);
    }
  }
}
