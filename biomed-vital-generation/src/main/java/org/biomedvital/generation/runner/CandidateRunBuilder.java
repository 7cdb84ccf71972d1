package org.biomedvital.generation.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.biomedvital.Experimental;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.internal.Checks;

/**
 * The settings every generation mode shares, set the same way in each mode's builder: output
 * folder, demonstrations and their sampling, candidates per figure, run seed, shard, limit and
 * image root. {@link #plan()} turns them into the {@link CandidatePlan} a runner works from.
 *
 * @param <B> the mode's builder, returned by every setter
 */
@Experimental("the seam between generation modes; may change as modes are added")
public abstract class CandidateRunBuilder<B extends CandidateRunBuilder<B>> {
  /** Candidates per figure unless set: 1. */
  public static final int DEFAULT_CANDIDATES_PER_FIGURE = 1;
  /** The run seed unless set: 0. */
  public static final long DEFAULT_SEED = 0;
  /** Figures at most unless set: 0, all of them. */
  public static final int DEFAULT_LIMIT = 0;

  private Path outputDir;
  private DemonstrationSet demonstrations = DemonstrationSet.of(List.of());
  private SamplingStrategy sampling = SamplingStrategy.perDomain(1);
  private int candidates = DEFAULT_CANDIDATES_PER_FIGURE;
  private long seed = DEFAULT_SEED;
  private Shard shard = Shard.ALL;
  private int limit = DEFAULT_LIMIT;
  private ImageRoot imageRoot;

  /** For the builders of the generation modes. */
  protected CandidateRunBuilder() {}

  /** This builder, as its own type (every subclass is a {@code B}). */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The output folder (required); created if missing. */
  public B outputDir(Path dir) {
    this.outputDir = Objects.requireNonNull(dir, "dir == null");
    return self();
  }

  /** The demonstrations to sample from; default none. */
  public B demonstrations(DemonstrationSet demonstrations) {
    this.demonstrations = Objects.requireNonNull(demonstrations, "demonstrations == null");
    return self();
  }

  /** How to sample demonstrations; default {@code perDomain(1)}, as the paper. */
  public B sampling(SamplingStrategy sampling) {
    this.sampling = Objects.requireNonNull(sampling, "sampling == null");
    return self();
  }

  /** Candidates per figure; default {@value #DEFAULT_CANDIDATES_PER_FIGURE}. */
  public B candidatesPerFigure(int n) {
    this.candidates = Checks.positive(n, "candidatesPerFigure");
    return self();
  }

  /** The run seed; default {@value #DEFAULT_SEED}. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  /** The shard to run; default all. */
  public B shard(Shard shard) {
    this.shard = Objects.requireNonNull(shard, "shard == null");
    return self();
  }

  /** At most this many figures (of the shard); 0 for all, the default. */
  public B limit(int figures) {
    this.limit = Checks.nonNegative(figures, "limit");
    return self();
  }

  /**
   * Where images are: each figure's {@code image} resolved under it (escapes refused); default
   * none.
   */
  public B imageRoot(ImageRoot root) {
    this.imageRoot = Objects.requireNonNull(root, "root == null");
    return self();
  }

  /**
   * The shared settings as a plan.
   *
   * @throws IllegalStateException when the output folder is not set
   */
  protected final CandidatePlan plan() {
    Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
    return new CandidatePlan(outputDir, demonstrations, sampling, candidates, seed, shard, limit,
        imageRoot);
  }

  /** Sets the shared settings from a built runner's plan, for {@code toBuilder()}. */
  protected final B plan(CandidatePlan plan) {
    plan.copyInto(this);
    return self();
  }
}
