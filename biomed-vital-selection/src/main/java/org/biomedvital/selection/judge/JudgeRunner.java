package org.biomedvital.selection.judge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import org.biomedvital.AuthenticationException;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.failure.FailureTally;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.JournalFailures;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Ratings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a judge over a candidates file and writes {@code ratings.jsonl} through the {@link Journal}:
 * resumable (a rerun rates only what is missing), crash-safe (whole lines only), with bounded
 * concurrency.
 *
 * <h2>Failures</h2>
 *
 * A reply that cannot be parsed, a failed call or a missing image is recorded in {@code
 * <ratings>.failures.jsonl} (core's {@link FailureRecord} shape, with attempt and raw reply) and gets no rating, so the next
 * run tries it again. An {@link AuthenticationException} or {@link BudgetExceededException} stops
 * the run: nothing else would succeed.
 *
 * <pre>{@code
 * JudgeRunner.Summary s = JudgeRunner.builder()
 *     .judge(HeuristicJudge.create())
 *     .images(ImageRoot.of(Path.of("images")))
 *     .concurrency(4)
 *     .build()
 *     .run(Path.of("candidates.jsonl"), Path.of("ratings.jsonl"));
 * }</pre>
 */
public final class JudgeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JudgeRunner.class);

  /** The stage name written into failure records. */
  public static final String STAGE = "judge";

  /** The default rater name written into failure and verdict records: none. */
  public static final String DEFAULT_RATER = "";

  /** The default number of judge calls in flight. */
  public static final int DEFAULT_CONCURRENCY = 4;

  private final PreferenceJudge judge;
  private final PairwiseJudge pairwiseJudge;
  private final ImageRoot images;
  private final int concurrency;
  private final String scope;
  private final String rater;
  private final Clock clock;

  private JudgeRunner(Builder b) {
    this.judge = b.judge;
    this.pairwiseJudge = b.pairwiseJudge;
    this.images = b.images;
    this.concurrency = b.concurrency;
    this.scope = b.scope;
    this.rater = b.rater;
    this.clock = b.clock;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this runner's settings (judges, images, concurrency, scope, rater, clock);
   * the judges and the image folder are shared.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.judge = judge;
    b.pairwiseJudge = pairwiseJudge;
    b.images = images;
    b.concurrency = concurrency;
    b.scope = scope;
    b.rater = rater;
    b.clock = clock;
    return b;
  }

  /**
   * What a point-wise run did.
   *
   * @param seen candidates read
   * @param alreadyRated candidates skipped because the ratings file had them
   * @param rated new ratings written
   * @param failed candidates that failed (recorded in the failures file)
   * @param meanScore the mean of the new ratings' scores, NaN when none
   * @param failures the failures file
   */
  public record Summary(int seen, int alreadyRated, int rated, int failed, double meanScore,
      Path failures) {
    /** A one-line report formatted with Locale.ROOT. */
    public String describe() {
      return String.format(Locale.ROOT,
          "%d candidates: %d rated now, %d already rated, %d failed (see %s); mean new score %s",
          seen, rated, alreadyRated, failed, failures,
          Double.isNaN(meanScore) ? "-" : String.format(Locale.ROOT, "%.2f", meanScore));
    }
  }

  /**
   * What a pair-wise run did.
   *
   * @param comparisons pairs compared now
   * @param alreadyCompared pairs skipped because the verdicts file had them
   * @param failed pairs that failed
   * @param inconsistent comparisons whose two orders disagreed (recorded as ties)
   */
  public record PairwiseSummary(int comparisons, int alreadyCompared, int failed,
      int inconsistent) {
    /** The share of comparisons whose orders disagreed; 0 when none were made. */
    public double flipRate() {
      return comparisons == 0 ? 0 : (double) inconsistent / comparisons;
    }

    /** A one-line report formatted with Locale.ROOT. */
    public String describe() {
      return String.format(Locale.ROOT,
          "%d pairs compared now, %d already compared, %d failed; position-flip rate %.3f",
          comparisons, alreadyCompared, failed, flipRate());
    }
  }

  /** The failures file that goes with a ratings file: {@code x.jsonl} -> {@code x.failures.jsonl}. */
  public static Path failuresFile(Path out) {
    String name = out.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return out.resolveSibling(stem + ".failures.jsonl");
  }

  /**
   * Rates every candidate of {@code candidates} not yet in {@code out}.
   *
   * @throws org.biomedvital.InvalidDataException when the candidates file is malformed
   * @throws AuthenticationException when the model refuses the credentials
   * @throws BudgetExceededException when the spend budget is used up
   */
  public Summary run(Path candidates, Path out) {
    Checks.checkState(judge != null, "run needs a point-wise judge; call judge(...)");
    Journal.refuseInputs(out, candidates);
    Path failuresPath = failuresFile(out);
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger rated = new AtomicInteger();
    DoubleAdder sum = new DoubleAdder();
    JudgeCalls calls;
    try (Journal ratings = Journal.open(out, "id", Durability.PROCESS_CRASH_SAFE, Set.of("score"));
        Journal failures = Journal.open(failuresPath, "failure_id", Durability.PROCESS_CRASH_SAFE);
        JudgeCalls c = new JudgeCalls(concurrency, failures, rater, clock)) {
      calls = c;
      Samples.forEach(candidates, sample -> {
        seen.incrementAndGet();
        if (ratings.contains(sample.id())) {
          skipped.incrementAndGet();
          return;
        }
        c.submit(sample.id(), () -> {
          Rating r = judge.rate(sample, image(sample));
          ratings.append(sample.id(), Ratings.toJson(new RatedSample(r, sample, scope)));
          rated.incrementAndGet();
          sum.add(r.score());
        });
      });
    }
    calls.rethrowFatal();
    Summary s = new Summary(seen.get(), skipped.get(), rated.get(), calls.failed(),
        rated.get() == 0 ? Double.NaN : sum.sum() / rated.get(), failuresPath);
    LOG.info("judge: {}", s.describe());
    return s;
  }

  /**
   * Compares every two candidates of each figure of {@code candidates} with the pair-wise judge and
   * writes verdicts to {@code out} (keyed {@code <a id>|<b id>}). Candidates are grouped by figure in
   * memory.
   */
  public PairwiseSummary runPairwise(Path candidates, Path out) {
    Checks.checkState(pairwiseJudge != null, "runPairwise needs a pair-wise judge; call pairwiseJudge(...)");
    Journal.refuseInputs(out, candidates);
    Map<String, List<InstructionSample>> byFigure = new LinkedHashMap<>();
    Samples.forEach(candidates,
        s -> byFigure.computeIfAbsent(s.figureId(), f -> new ArrayList<>()).add(s));
    Path failuresPath = failuresFile(out);
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger inconsistent = new AtomicInteger();
    JudgeCalls calls;
    try (Journal verdicts = Journal.open(out);
        Journal failures = Journal.open(failuresPath, "failure_id", Durability.PROCESS_CRASH_SAFE);
        JudgeCalls c = new JudgeCalls(concurrency, failures, rater, clock)) {
      calls = c;
      for (List<InstructionSample> group : byFigure.values()) {
        for (int i = 0; i < group.size(); i++) {
          for (int j = i + 1; j < group.size(); j++) {
            InstructionSample a = group.get(i);
            InstructionSample b = group.get(j);
            String id = a.id() + "|" + b.id();
            if (verdicts.contains(id)) {
              skipped.incrementAndGet();
              continue;
            }
            c.submit(id, () -> {
              PairwiseVerdict v = pairwiseJudge.compare(a, b, image(a));
              verdicts.append(id, verdictJson(id, a, b, v));
              compared.incrementAndGet();
              if (!v.positionConsistent()) {
                inconsistent.incrementAndGet();
              }
            });
          }
        }
      }
    }
    calls.rethrowFatal();
    PairwiseSummary s = new PairwiseSummary(compared.get(), skipped.get(), calls.failed(),
        inconsistent.get());
    LOG.info("judge (pairwise): {}", s.describe());
    return s;
  }

  private String verdictJson(String id, InstructionSample a, InstructionSample b,
      PairwiseVerdict v) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", id);
    n.put("figure_id", a.figureId());
    n.put("a", a.id());
    n.put("b", b.id());
    n.put("winner", v.winner().name().toLowerCase(Locale.ROOT));
    n.put("position_consistent", v.positionConsistent());
    n.put("rationale", v.rationale());
    n.put("rater", rater);
    return n.toString();
  }

  private ImageRef image(InstructionSample sample) {
    return images == null ? null : images.resolve(sample.image());
  }

  /**
   * The failures of the ratings (or verdicts) file {@code out} still open: the latest failure of
   * each item not yet in {@code out}, by reason. A failure resolved by a later success is left out.
   */
  public static FailureTally remainingFailures(Path out) {
    return JournalFailures.remaining(out, failuresFile(out));
  }

  /** Builds {@link JudgeRunner}s; a point-wise or a pair-wise judge is required. */
  public static final class Builder {
    private PreferenceJudge judge;
    private PairwiseJudge pairwiseJudge;
    private ImageRoot images;
    private int concurrency = DEFAULT_CONCURRENCY;
    private String scope = JudgeScope.CONVERSATION.wireName();
    private String rater = DEFAULT_RATER;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The point-wise judge used by {@link #run}. */
    public Builder judge(PreferenceJudge judge) {
      this.judge = Objects.requireNonNull(judge, "judge == null");
      return this;
    }

    /** The pair-wise judge used by {@link #runPairwise}. */
    public Builder pairwiseJudge(PairwiseJudge judge) {
      this.pairwiseJudge = Objects.requireNonNull(judge, "judge == null");
      return this;
    }

    /** Where candidate images are; default none (judges see no image). */
    public Builder images(ImageRoot images) {
      this.images = Objects.requireNonNull(images, "images == null");
      return this;
    }

    /** Judge calls in flight at once, > 0; default {@link #DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int concurrency) {
      this.concurrency = Checks.positive(concurrency, "concurrency");
      return this;
    }

    /** The scope written into ratings; default {@link JudgeScope#CONVERSATION}. */
    public Builder scope(JudgeScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope == null").wireName();
      return this;
    }

    /** The rater name written into failure and verdict records; default {@link #DEFAULT_RATER}. */
    public Builder rater(String rater) {
      this.rater = Objects.requireNonNull(rater, "rater == null");
      return this;
    }

    /** The clock stamping failure records; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @throws IllegalStateException when no judge is set
     */
    public JudgeRunner build() {
      Checks.checkState(judge != null || pairwiseJudge != null,
          "a judge is required; call judge(...) or pairwiseJudge(...)");
      return new JudgeRunner(this);
    }
  }
}
