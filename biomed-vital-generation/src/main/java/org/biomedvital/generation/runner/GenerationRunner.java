package org.biomedvital.generation.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.biomedvital.AuthenticationException;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Figure;
import org.biomedvital.data.Seeds;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.internal.Checks;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates N candidates per figure over a corpus, resumably.
 *
 * <h2>What it writes</h2>
 * Into the output folder: {@code candidates.jsonl} (through the append-only {@link Journal}; one
 * {@link Samples} line per candidate, id {@code <pair_id>#<k>}), {@code failures.jsonl} (one line
 * per failed attempt, core's {@link FailureRecord} shape through {@link FailureLog}, with {@code
 * figure_id}, {@code candidate_index} and the raw reply of an unparseable one) and {@code
 * usage.json} (calls, retries, tokens, cost of this run and of all runs, written atomically).
 *
 * <h2>Resuming</h2>
 * A candidate already in the journal is never generated again, so a killed run restarted with the
 * same settings completes only what is missing, and a finished run makes no call at all. Earlier
 * failures are tried again; one that then succeeds stays in {@code failures.jsonl} but no longer
 * counts ({@link RunSummary#remainingFailures()}).
 *
 * <h2>Determinism</h2>
 * Candidate {@code k} of a figure gets its own seed, derived from the run seed, the pair id and
 * {@code k}; its demonstrations are sampled with that seed, so a re-run (or another shard layout)
 * sends the same prompt for the same candidate.
 *
 * <h2>Concurrency</h2>
 * At most {@code concurrency} candidates are in flight; the figure loop blocks while they are
 * (back-pressure), so memory stays bounded for any corpus size. A {@link BudgetExceededException}
 * or an {@link AuthenticationException} stops the run: no new candidate starts, those in flight
 * finish.
 */
public final class GenerationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationRunner.class);

  /** The candidates file name. */
  public static final String CANDIDATES = "candidates.jsonl";
  /** The failures file name. */
  public static final String FAILURES = "failures.jsonl";
  /** The stage name written into failure records. */
  public static final String STAGE = "generate";
  /** The usage file name. */
  public static final String USAGE = "usage.json";
  /** Candidates per figure unless set: 1. */
  public static final int DEFAULT_CANDIDATES_PER_FIGURE =
      CandidateRunBuilder.DEFAULT_CANDIDATES_PER_FIGURE;
  /** Candidates in flight at once unless set: 4. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** How often progress is reported unless set: 5 s. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
  /** The journal durability unless set. */
  public static final Durability DEFAULT_DURABILITY = Durability.PROCESS_CRASH_SAFE;

  private final InstructionGenerator generator;
  private final CandidatePlan plan;
  private final int concurrency;
  private final ProgressListener listener;
  private final Supplier<Usage> usage;
  private final Duration progressInterval;
  private final Durability durability;
  private final String modelName;

  private GenerationRunner(Builder b, CandidatePlan plan) {
    this.generator = b.generator;
    this.plan = plan;
    this.concurrency = b.concurrency;
    this.listener = b.listener;
    this.usage = b.usage;
    this.progressInterval = b.progressInterval;
    this.durability = b.durability;
    this.modelName = b.modelName;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this runner's settings. */
  public Builder toBuilder() {
    Builder b = new Builder().plan(plan);
    b.generator = generator;
    b.concurrency = concurrency;
    b.listener = listener;
    b.usage = usage;
    b.progressInterval = progressInterval;
    b.durability = durability;
    b.modelName = modelName;
    return b;
  }

  /**
   * The seed of candidate {@code k} of a figure under run seed {@code runSeed}: core's {@link
   * Seeds#candidate}, the one per-candidate seed function the pipeline uses too.
   */
  public static long candidateSeed(long runSeed, String pairId, int k) {
    return Seeds.candidate(runSeed, pairId, k);
  }

  /** The id of candidate {@code k} of a figure. */
  public static String candidateId(String pairId, int k) {
    return pairId + "#" + k;
  }

  /**
   * Runs over the figures (those of this shard, up to the limit).
   *
   * @throws VitalException when the output files cannot be opened or written ({@link
   *     VitalIoException} naming the file)
   */
  public RunSummary run(Iterable<Figure> figures) {
    Objects.requireNonNull(figures, "figures == null");
    long started = System.nanoTime();
    Usage usageBefore = usage.get();
    List<Figure> mine = plan.select(figures);
    Path outputDir = plan.outputDir();
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new VitalIoException(outputDir,
          "cannot create output folder " + outputDir + ": " + e.getMessage(), e);
    }
    UsageFile usageFile = new UsageFile(outputDir, plan.candidatesPerFigure(), generator.name());
    Path candidatesFile = plan.candidatesFile();
    Path failuresFile = plan.failuresFile();
    String runId = Instant.now().toString() + "-" + Integer.toHexString(
        ThreadLocalRandom.current().nextInt());
    AtomicLong written = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicReference<String> stop = new AtomicReference<>();
    long total = (long) mine.size() * plan.candidatesPerFigure();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "vital-generate");
      t.setDaemon(true);
      return t;
    });
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vital-generate-progress");
      t.setDaemon(true);
      return t;
    });
    try (Journal journal = Journal.open(candidatesFile, "id", durability);
         Journal failures = Journal.open(failuresFile, "failure_id", durability)) {
      final long skippedFinal = plan.present(mine, journal);
      Usage previousTotal = usageFile.previousTotal();
      Runnable report = () -> {
        GenerationProgress p = progress(total, written.get(), skippedFinal, failed.get(),
            inFlight.get(), usageBefore, started);
        try {
          listener.onProgress(p);
        } catch (RuntimeException e) {
          LOG.warn("progress listener failed: {}", e.toString());
        }
        // Keep usage.json current, so a killed run's spend still counts against a budget.
        try {
          usageFile.write(previousTotal, UsageFile.minus(usage.get(), usageBefore), mine.size(),
              written.get(), skippedFinal, failed.get());
        } catch (RuntimeException e) {
          LOG.warn("cannot update {}: {}", USAGE, e.toString());
        }
      };
      ticker.scheduleAtFixedRate(report, progressInterval.toMillis(), progressInterval.toMillis(),
          TimeUnit.MILLISECONDS);
      Semaphore slots = new Semaphore(concurrency);
      outer:
      for (Figure f : mine) {
        for (int k = 0; k < plan.candidatesPerFigure(); k++) {
          if (journal.contains(candidateId(f.pairId(), k))) {
            continue;
          }
          slots.acquireUninterruptibly();
          if (stop.get() != null) {
            slots.release();
            break outer;
          }
          int candidate = k;
          inFlight.incrementAndGet();
          pool.execute(() -> {
            try {
              generateOne(f, candidate, journal, failures, runId, written, failed, stop);
            } finally {
              inFlight.decrementAndGet();
              slots.release();
            }
          });
        }
      }
      slots.acquireUninterruptibly(concurrency);
      ticker.shutdownNow();
      report.run();
      Usage thisRun = UsageFile.minus(usage.get(), usageBefore);
      usageFile.write(previousTotal, thisRun, mine.size(), written.get(), skippedFinal,
          failed.get());
      RunSummary summary = new RunSummary(mine.size(), written.get(), skippedFinal, failed.get(),
          thisRun, Duration.ofNanos(System.nanoTime() - started), stop.get(), candidatesFile,
          failuresFile);
      LOG.info("generation finished: {} written, {} already there, {} failed{}", summary.written(),
          summary.skipped(), summary.failed(),
          stop.get() == null ? "" : "; stopped early: " + stop.get());
      return summary;
    } finally {
      ticker.shutdownNow();
      pool.shutdownNow();
    }
  }

  private void generateOne(Figure f, int k, Journal journal, Journal failures, String runId,
      AtomicLong written, AtomicLong failed, AtomicReference<String> stop) {
    try {
      CandidatePlan.Candidate c = plan.candidate(f, k);
      var request = plan.request(c);
      if (stop.get() != null) {
        return;
      }
      GenerationResult result = generator.generate(request);
      String model = result.model().isEmpty() ? modelName : result.model();
      if (journal.append(c.id(), CandidatePlan.sampleLine(c, generator.name(), model,
          result.promptTemplate(), result.conversation()))) {
        written.incrementAndGet();
      }
    } catch (VitalException e) {
      failed.incrementAndGet();
      CandidatePlan.recordFailure(failures, runId, f, k, e);
      if (e instanceof BudgetExceededException) {
        stop.compareAndSet(null, "budget: " + e.getMessage());
      } else if (e instanceof AuthenticationException) {
        stop.compareAndSet(null, "credentials: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.error("candidate {} failed unexpectedly", candidateId(f.pairId(), k), e);
      CandidatePlan.recordFailure(failures, runId, f, k, e);
    }
  }

  private GenerationProgress progress(long total, long written, long skipped, long failed,
      int inFlight, Usage before, long started) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    long done = written + skipped;
    long left = total - done - failed;
    long eta = -1;
    if (written + failed > 0 && left >= 0) {
      eta = (long) (elapsed.toMillis() / 1000.0 / (written + failed) * left);
    }
    return new GenerationProgress(total, done, skipped, failed, inFlight,
        usage.get().costUsd() - before.costUsd(), elapsed, eta);
  }

  /** The usage object of {@code usage.json} ({@code this_run} or {@code total}). */
  public static ObjectNode toJson(Usage u) {
    return UsageFile.toJson(u);
  }

  /** Reads a usage object written by {@link #toJson(Usage)}. */
  public static Usage fromJson(JsonNode n) {
    return UsageFile.fromJson(n);
  }

  /**
   * Builds {@link GenerationRunner}s; generator and output folder are required. The settings every
   * mode shares (output folder, demonstrations, sampling, candidates, seed, shard, limit, images)
   * are {@link CandidateRunBuilder}'s.
   */
  public static final class Builder extends CandidateRunBuilder<Builder> {
    private InstructionGenerator generator;
    private int concurrency = DEFAULT_CONCURRENCY;
    private ProgressListener listener = ProgressListener.NONE;
    private Supplier<Usage> usage = () -> Usage.ZERO;
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private Durability durability = DEFAULT_DURABILITY;
    private String modelName = "";

    private Builder() {}

    /** The generator (required). */
    public Builder generator(InstructionGenerator generator) {
      this.generator = Objects.requireNonNull(generator, "generator == null");
      return this;
    }

    /** Candidates in flight at once; default {@value #DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int n) {
      this.concurrency = Checks.positive(n, "concurrency");
      return this;
    }

    /** The progress listener; default {@link ProgressListener#NONE}. */
    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** Where this run's model usage is read (e.g. {@code resilientModel::usage}); default none. */
    public Builder usage(Supplier<Usage> usage) {
      this.usage = Objects.requireNonNull(usage, "usage == null");
      return this;
    }

    /** How often progress is reported; default {@link #DEFAULT_PROGRESS_INTERVAL}. */
    public Builder progressInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      Checks.checkArgument(interval.toMillis() > 0, "progressInterval must be >= 1 ms but was %s",
          interval);
      this.progressInterval = interval;
      return this;
    }

    /** The journal durability; default {@link #DEFAULT_DURABILITY}. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability == null");
      return this;
    }

    /** The model id for provenance when the generator reports none; default empty. */
    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName == null");
      return this;
    }

    /** Builds the runner. @throws IllegalStateException naming what is missing */
    public GenerationRunner build() {
      Checks.checkState(generator != null, "generator is required; call generator(...)");
      return new GenerationRunner(this, plan());
    }
  }
}
