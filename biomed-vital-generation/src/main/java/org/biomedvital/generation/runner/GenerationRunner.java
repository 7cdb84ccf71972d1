package org.biomedvital.generation.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.VitalException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.Seeds;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.internal.AtomicText;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
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
  public static final int DEFAULT_CANDIDATES_PER_FIGURE = 1;
  /** Candidates in flight at once unless set: 4. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** How often progress is reported unless set: 5 s. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final InstructionGenerator generator;
  private final Path outputDir;
  private final DemonstrationSet demonstrations;
  private final SamplingStrategy sampling;
  private final int candidates;
  private final int concurrency;
  private final long seed;
  private final Shard shard;
  private final int limit;
  private final ImageRoot imageRoot;
  private final ProgressListener listener;
  private final Supplier<Usage> usage;
  private final Duration progressInterval;
  private final Durability durability;
  private final String modelName;

  private GenerationRunner(Builder b) {
    this.generator = b.generator;
    this.outputDir = b.outputDir;
    this.demonstrations = b.demonstrations;
    this.sampling = b.sampling;
    this.candidates = b.candidates;
    this.concurrency = b.concurrency;
    this.seed = b.seed;
    this.shard = b.shard;
    this.limit = b.limit;
    this.imageRoot = b.imageRoot;
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
    Builder b = new Builder();
    b.generator = generator;
    b.outputDir = outputDir;
    b.demonstrations = demonstrations;
    b.sampling = sampling;
    b.candidates = candidates;
    b.concurrency = concurrency;
    b.seed = seed;
    b.shard = shard;
    b.limit = limit;
    b.imageRoot = imageRoot;
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
   * @throws VitalException when the output files cannot be opened or written
   */
  public RunSummary run(Iterable<Figure> figures) {
    Objects.requireNonNull(figures, "figures == null");
    long started = System.nanoTime();
    Usage usageBefore = usage.get();
    List<Figure> mine = new java.util.ArrayList<>();
    for (Figure f : figures) {
      if (shard.contains(f.pairId())) {
        if (limit > 0 && mine.size() >= limit) {
          break;
        }
        mine.add(f);
      }
    }
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new VitalException("cannot create output folder " + outputDir + ": " + e.getMessage(), e);
    }
    Path candidatesFile = outputDir.resolve(CANDIDATES);
    Path failuresFile = outputDir.resolve(FAILURES);
    String runId = Instant.now().toString() + "-" + Integer.toHexString(
        ThreadLocalRandom.current().nextInt());
    AtomicLong written = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicReference<String> stop = new AtomicReference<>();
    long skipped = 0;
    long total = (long) mine.size() * candidates;
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
      for (Figure f : mine) {
        for (int k = 0; k < candidates; k++) {
          if (journal.contains(candidateId(f.pairId(), k))) {
            skipped++;
          }
        }
      }
      final long skippedFinal = skipped;
      Usage previousTotal = previousTotal();
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
          writeUsage(previousTotal, minus(usage.get(), usageBefore), mine.size(), written.get(),
              skippedFinal, failed.get());
        } catch (RuntimeException e) {
          LOG.warn("cannot update {}: {}", USAGE, e.toString());
        }
      };
      ticker.scheduleAtFixedRate(report, progressInterval.toMillis(), progressInterval.toMillis(),
          TimeUnit.MILLISECONDS);
      Semaphore slots = new Semaphore(concurrency);
      outer:
      for (Figure f : mine) {
        for (int k = 0; k < candidates; k++) {
          String id = candidateId(f.pairId(), k);
          if (journal.contains(id)) {
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
      Usage thisRun = minus(usage.get(), usageBefore);
      writeUsage(previousTotal, thisRun, mine.size(), written.get(), skippedFinal, failed.get());
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
    String id = candidateId(f.pairId(), k);
    long candidateSeed = candidateSeed(seed, f.pairId(), k);
    List<Demonstration> demos = List.of();
    try {
      GenerationRequest.Builder rb = GenerationRequest.builder()
          .figure(f).candidateIndex(k).seed(candidateSeed);
      if (imageRoot != null) {
        ImageRef image = imageRoot.resolve(f.image());
        rb.image(image);
      }
      if (demonstrations.size() > 0) {
        demos = demonstrations.sample(sampling, candidateSeed);
      }
      rb.demonstrations(demos);
      if (stop.get() != null) {
        return;
      }
      GenerationResult result = generator.generate(rb.build());
      List<String> demoIds = demos.stream().map(Demonstration::id).toList();
      String model = result.model().isEmpty() ? modelName : result.model();
      InstructionSample sample = InstructionSample.builder()
          .id(id)
          .figure(f)
          .conversation(result.conversation())
          .provenance(new Provenance(generator.name(), model, result.promptTemplate(), demoIds, k,
              candidateSeed))
          .build();
      if (journal.append(id, Samples.toJson(sample))) {
        written.incrementAndGet();
      }
    } catch (VitalException e) {
      failed.incrementAndGet();
      recordFailure(failures, runId, f, k, e);
      if (e instanceof BudgetExceededException) {
        stop.compareAndSet(null, "budget: " + e.getMessage());
      } else if (e instanceof AuthenticationException) {
        stop.compareAndSet(null, "credentials: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.error("candidate {} failed unexpectedly", id, e);
      recordFailure(failures, runId, f, k, e);
    }
  }

  private static void recordFailure(
      Journal failures, String runId, Figure f, int k, RuntimeException e) {
    String id = candidateId(f.pairId(), k);
    FailureRecord r = FailureRecord.of(STAGE, id, runId, e);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("figure_id", f.pairId());
    extra.put("candidate_index", k);
    if (e instanceof UnparseableReplyException) {
      extra.put("raw_reply", ((UnparseableReplyException) e).rawReply());
    }
    try {
      failures.append(r.failureId(), FailureLog.toJson(r, extra));
    } catch (RuntimeException io) {
      LOG.error("cannot record the failure of {}: {}", id, io.toString());
    }
    LOG.debug("candidate {} failed: {}", id, e.getMessage());
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

  private static Usage minus(Usage a, Usage b) {
    return new Usage(a.calls() - b.calls(), a.retries() - b.retries(), a.failures() - b.failures(),
        a.cacheHits() - b.cacheHits(), a.inputTokens() - b.inputTokens(),
        a.outputTokens() - b.outputTokens(), a.costUsd() - b.costUsd());
  }

  /** The totals of earlier runs into the output folder, from its usage.json. */
  private Usage previousTotal() {
    Path file = outputDir.resolve(USAGE);
    if (Files.exists(file)) {
      try {
        return fromJson(Json.mapper().readTree(Files.readString(file)).path("total"));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot read the previous {}; totals restart from this run: {}", file, e.toString());
      }
    }
    return Usage.ZERO;
  }

  private synchronized void writeUsage(
      Usage previous, Usage run, int figures, long written, long skipped, long failed) {
    Path file = outputDir.resolve(USAGE);
    ObjectNode n = Json.mapper().createObjectNode();
    n.set("this_run", toJson(run));
    n.set("total", toJson(previous.plus(run)));
    ObjectNode c = n.putObject("candidates");
    c.put("figures", figures);
    c.put("per_figure", candidates);
    c.put("written", written);
    c.put("already_present", skipped);
    c.put("failed", failed);
    n.put("generator", generator.name());
    n.put("updated", Instant.now().toString());
    try {
      Path tmp = Files.createTempFile(outputDir, "usage", ".tmp");
      Files.writeString(tmp, n.toPrettyString() + "\n");
      AtomicText.readableByAll(tmp);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new VitalException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The usage object of {@code usage.json} ({@code this_run} or {@code total}). */
  public static ObjectNode toJson(Usage u) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("calls", u.calls());
    n.put("retries", u.retries());
    n.put("failed_calls", u.failures());
    n.put("cache_hits", u.cacheHits());
    n.put("input_tokens", u.inputTokens());
    n.put("output_tokens", u.outputTokens());
    n.put("cost_usd", Math.round(u.costUsd() * 1e6) / 1e6);
    return n;
  }

  /** Reads a usage object written by {@link #toJson(Usage)}. */
  public static Usage fromJson(JsonNode n) {
    return new Usage(n.path("calls").asLong(0), n.path("retries").asLong(0),
        n.path("failed_calls").asLong(0), n.path("cache_hits").asLong(0),
        n.path("input_tokens").asLong(0), n.path("output_tokens").asLong(0),
        n.path("cost_usd").asDouble(0));
  }

  /** Builds {@link GenerationRunner}s; generator and output folder are required. */
  public static final class Builder {
    private InstructionGenerator generator;
    private Path outputDir;
    private DemonstrationSet demonstrations = DemonstrationSet.of(List.of());
    private SamplingStrategy sampling = SamplingStrategy.perDomain(1);
    private int candidates = DEFAULT_CANDIDATES_PER_FIGURE;
    private int concurrency = DEFAULT_CONCURRENCY;
    private long seed;
    private Shard shard = Shard.ALL;
    private int limit;
    private ImageRoot imageRoot;
    private ProgressListener listener = ProgressListener.NONE;
    private Supplier<Usage> usage = () -> Usage.ZERO;
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private Durability durability = Durability.PROCESS_CRASH_SAFE;
    private String modelName = "";

    private Builder() {}

    /** The generator (required). */
    public Builder generator(InstructionGenerator generator) {
      this.generator = Objects.requireNonNull(generator, "generator == null");
      return this;
    }

    /** The output folder (required); created if missing. */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** The demonstrations to sample from; default none. */
    public Builder demonstrations(DemonstrationSet demonstrations) {
      this.demonstrations = Objects.requireNonNull(demonstrations, "demonstrations == null");
      return this;
    }

    /** How to sample demonstrations; default {@code perDomain(1)}, as the paper. */
    public Builder sampling(SamplingStrategy sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling == null");
      return this;
    }

    /** Candidates per figure; default {@value #DEFAULT_CANDIDATES_PER_FIGURE}. */
    public Builder candidatesPerFigure(int n) {
      this.candidates = Checks.positive(n, "candidatesPerFigure");
      return this;
    }

    /** Candidates in flight at once; default {@value #DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int n) {
      this.concurrency = Checks.positive(n, "concurrency");
      return this;
    }

    /** The run seed; default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The shard to run; default all. */
    public Builder shard(Shard shard) {
      this.shard = Objects.requireNonNull(shard, "shard == null");
      return this;
    }

    /** At most this many figures (of the shard); 0 for all, the default. */
    public Builder limit(int figures) {
      this.limit = Checks.nonNegative(figures, "limit");
      return this;
    }

    /**
     * Where images are: each figure's {@code image} resolved under it (escapes refused); default
     * none.
     */
    public Builder imageRoot(ImageRoot root) {
      this.imageRoot = Objects.requireNonNull(root, "root == null");
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

    /** The journal durability; default {@link Durability#PROCESS_CRASH_SAFE}. */
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
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      return new GenerationRunner(this);
    }
  }
}
