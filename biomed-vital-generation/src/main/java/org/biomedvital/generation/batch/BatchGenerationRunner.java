package org.biomedvital.generation.batch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.biomedvital.Experimental;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.VitalException;
import org.biomedvital.data.Figure;
import org.biomedvital.generation.http.PriceTable;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.openai.OpenAiBatchClient;
import org.biomedvital.generation.parse.ConversationParser;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.generation.runner.CandidatePlan;
import org.biomedvital.generation.runner.CandidatePlan.Candidate;
import org.biomedvital.generation.runner.CandidateRunBuilder;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.generation.vital.VitalExchange;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates candidates through the OpenAI batch API, for large runs at batch prices.
 *
 * <ol>
 *   <li>Every candidate not yet in {@code candidates.jsonl} becomes one request line ({@code
 *       custom_id} = candidate id), with the same prompt, demonstrations and seed as the online
 *       {@link GenerationRunner} would send;
 *   <li>the lines are written to as many input files in the output folder as the limits require
 *       ({@link Builder#maxRequestsPerBatch}, default 50,000, and {@link Builder#maxBytesPerFile},
 *       default 200 MB, OpenAI's); each is uploaded from disk, its batch created, and the batch id
 *       journaled in {@code batches.jsonl} before anything else happens, so a restarted process
 *       finds every submitted batch and polls it instead of paying for it twice;
 *   <li>the batches are polled together; as each ends, its output and error files are streamed
 *       line by line, mapped back by {@code custom_id}, parsed and post-processed like an online
 *       reply, and written through the journal; failed lines go to {@code failures.jsonl};
 *   <li>only the candidates still missing (failed, expired, cancelled) are resubmitted, for up to
 *       {@code maxRounds} rounds.
 * </ol>
 *
 * <p>A thin mode over the runner core the online runner uses too: figures, candidate ids, seeds,
 * demonstrations and requests come from {@link CandidatePlan}, replies are read through {@link
 * VitalExchange} as {@link BiomedVitalGenerator} reads them, and samples are written the same way.
 * It stays one class of over 400 lines because a third of it is the builder and the rest is one
 * submit, poll and process cycle whose steps share the run's journals and counters.
 */
@Experimental("the OpenAI batch API and its limits change; this mode follows them")
public final class BatchGenerationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchGenerationRunner.class);

  /** The default most requests per batch: the OpenAI Batch API's limit. */
  public static final int DEFAULT_MAX_REQUESTS = 50_000;
  /** The default most bytes per input file: the OpenAI Batch API's 200 MB. */
  public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;

  /** Candidates per figure unless set: 1. */
  public static final int DEFAULT_CANDIDATES_PER_FIGURE =
      CandidateRunBuilder.DEFAULT_CANDIDATES_PER_FIGURE;

  /** How often a batch is polled unless set: 30 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /** Polls of one batch before giving up unless set: 0, wait to the end. */
  public static final int DEFAULT_MAX_POLLS = 0;

  /** Submission rounds unless set: the first plus two resubmissions. */
  public static final int DEFAULT_MAX_ROUNDS = 3;

  /** The share of list price a batch costs unless set: OpenAI's batch discount of 50%. */
  public static final double DEFAULT_PRICE_FACTOR = 0.5;

  /** The batch journal file name. */
  public static final String BATCHES = "batches.jsonl";

  private final OpenAiBatchClient client;
  private final VitalExchange exchange;
  private final CandidatePlan plan;
  private final Duration pollInterval;
  private final int maxPolls;
  private final int maxRounds;
  private final double priceFactor;
  private final PriceTable prices;
  private final int maxRequestsPerBatch;
  private final long maxBytesPerFile;

  private BatchGenerationRunner(Builder b, CandidatePlan plan) {
    this.client = b.client;
    this.exchange = new VitalExchange(b.prompt, b.parser, b.postProcessing, false);
    this.plan = plan;
    this.pollInterval = b.pollInterval;
    this.maxPolls = b.maxPolls;
    this.maxRounds = b.maxRounds;
    this.priceFactor = b.priceFactor;
    this.prices = b.prices;
    this.maxRequestsPerBatch = b.maxRequestsPerBatch;
    this.maxBytesPerFile = b.maxBytesPerFile;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this runner's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(plan);
    b.client = client;
    b.prompt = exchange.prompt();
    b.parser = exchange.parser();
    b.postProcessing = exchange.postProcessing();
    b.pollInterval = pollInterval;
    b.maxPolls = maxPolls;
    b.maxRounds = maxRounds;
    b.priceFactor = priceFactor;
    b.prices = prices;
    b.maxRequestsPerBatch = maxRequestsPerBatch;
    b.maxBytesPerFile = maxBytesPerFile;
    return b;
  }

  private static final class State {
    long written;
    long failed;
    long calls;
    TokenUsage tokens = TokenUsage.NONE;
  }

  /**
   * Runs until every candidate is written, the rounds are spent, or a batch is still running after
   * {@code maxPolls} polls (then the summary's stop reason says so; run again to pick it up).
   */
  public RunSummary run(Iterable<Figure> figures) {
    long started = System.nanoTime();
    List<Figure> mine = plan.select(figures);
    Path candidatesFile = plan.candidatesFile();
    Path failuresFile = plan.failuresFile();
    String runId = Instant.now().toString();
    State st = new State();
    String stop = null;
    long skipped = 0;
    try (Journal journal = Journal.open(candidatesFile);
         Journal failures = Journal.open(failuresFile, "failure_id",
             Durability.PROCESS_CRASH_SAFE);
         Journal batches = Journal.open(plan.outputDir().resolve(BATCHES))) {
      Map<String, Candidate> all = new LinkedHashMap<>();
      for (Figure f : mine) {
        for (int k = 0; k < plan.candidatesPerFigure(); k++) {
          if (journal.contains(GenerationRunner.candidateId(f.pairId(), k))) {
            skipped++;
            continue;
          }
          Candidate c = plan.candidate(f, k);
          all.put(c.id(), c);
        }
      }
      // First finish the batches a previous process created but did not process.
      List<String> open = openBatches(batches);
      if (!open.isEmpty()) {
        LOG.info("resuming {} batch(es) from {}", open.size(), BATCHES);
        stop = awaitAll(open, all, journal, failures, batches, runId, st);
      }
      int round = 0;
      while (stop == null && round < maxRounds) {
        Map<String, Candidate> pending = new LinkedHashMap<>();
        all.forEach((id, c) -> {
          if (!journal.contains(id)) {
            pending.put(id, c);
          }
        });
        if (pending.isEmpty()) {
          break;
        }
        round++;
        List<String> created = submit(round, pending, all, failures, batches, runId, st);
        if (created.isEmpty()) {
          break;
        }
        stop = awaitAll(created, all, journal, failures, batches, runId, st);
      }
    }
    double cost = prices.cost(client.model(), st.tokens) * priceFactor;
    Usage usage = new Usage(st.calls, 0, 0, 0, st.tokens.inputTokens(), st.tokens.outputTokens(),
        cost);
    return new RunSummary(mine.size(), st.written, skipped, st.failed, usage,
        Duration.ofNanos(System.nanoTime() - started), stop, candidatesFile, failuresFile);
  }

  private static List<String> openBatches(Journal batches) {
    List<String> created = new ArrayList<>();
    batches.forEach((id, line) -> {
      if (!id.endsWith("#done")) {
        created.add(id);
      }
    });
    created.removeIf(id -> batches.contains(id + "#done"));
    return created;
  }

  private static void fail(Journal failures, String runId, Candidate c, String error,
      String reason, String raw) {
    CandidatePlan.recordItemFailure(failures, runId, c, error, reason, raw);
  }

  /**
   * Writes the pending requests into as many input files as the limits require, uploads each,
   * creates its batch and journals the batch id at once; returns the ids created.
   */
  private List<String> submit(int round, Map<String, Candidate> pending,
      Map<String, Candidate> all, Journal failures, Journal batches, String runId, State st) {
    List<String> created = new ArrayList<>();
    BatchInputFile file = null;
    int part = 0;
    try {
      for (Map.Entry<String, Candidate> e : pending.entrySet()) {
        Candidate c = e.getValue();
        byte[] line;
        try {
          line = (client.requestLine(e.getKey(), exchange.render(plan.request(c))) + "\n")
              .getBytes(StandardCharsets.UTF_8);
        } catch (VitalException ex) {
          st.failed++;
          fail(failures, runId, c, ex.getClass().getSimpleName(), ex.getMessage(), null);
          all.remove(e.getKey());
          continue;
        }
        if (line.length > maxBytesPerFile) {
          st.failed++;
          fail(failures, runId, c, "RequestTooLarge", String.format(Locale.ROOT,
              "request of %d bytes exceeds the batch input file limit of %d bytes; send it online"
                  + " or shrink its images", line.length, maxBytesPerFile), null);
          all.remove(e.getKey());
          continue;
        }
        if (file != null && (file.requests >= maxRequestsPerBatch
            || file.bytes + line.length > maxBytesPerFile)) {
          created.add(upload(file, round, batches));
          file = null;
        }
        if (file == null) {
          file = new BatchInputFile(plan.outputDir().resolve(String.format(Locale.ROOT,
              "batch-input-%s-r%d-%d.jsonl", runId.replace(':', '-'), round, ++part)));
        }
        file.write(line);
      }
      if (file != null) {
        created.add(upload(file, round, batches));
        file = null;
      }
    } finally {
      if (file != null) {
        file.discard();
      }
    }
    return created;
  }

  private String upload(BatchInputFile file, int round, Journal batches) {
    file.close();
    String fileId = client.upload(file.path.getFileName().toString(), file.path);
    OpenAiBatchClient.BatchStatus created = client.create(fileId);
    ObjectNode rec = Json.mapper().createObjectNode();
    rec.put("id", created.id());
    rec.put("input_file_id", fileId);
    rec.put("round", round);
    rec.put("requests", file.requests);
    rec.put("bytes", file.bytes);
    rec.put("created", Instant.now().toString());
    batches.append(created.id(), rec.toString());
    LOG.info("batch {} created with {} requests, {} bytes (round {})", created.id(),
        file.requests, file.bytes, round);
    file.discard();
    return created.id();
  }

  /**
   * Polls the batches together until every one has ended, processing each as it ends; returns a
   * stop reason (still running after {@code maxPolls} polls, interrupted) or null.
   */
  private String awaitAll(List<String> batchIds, Map<String, Candidate> all, Journal journal,
      Journal failures, Journal batches, String runId, State st) {
    List<String> running = new ArrayList<>(batchIds);
    int polls = 0;
    while (true) {
      polls++;
      for (Iterator<String> it = running.iterator(); it.hasNext(); ) {
        String batchId = it.next();
        OpenAiBatchClient.BatchStatus s = client.get(batchId);
        if (s.terminal()) {
          process(s, all, journal, failures, batches, runId, st);
          it.remove();
        }
      }
      if (running.isEmpty()) {
        return null;
      }
      if (maxPolls > 0 && polls >= maxPolls) {
        return running.size() + " batch(es) still running (" + String.join(", ", running)
            + "); run again to pick them up";
      }
      LockSupport.parkNanos(pollInterval.toNanos());
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return "interrupted while waiting for batches " + String.join(", ", running);
      }
    }
  }

  /** Streams an ended batch's output and error files through the journal, then marks it done. */
  private void process(OpenAiBatchClient.BatchStatus s, Map<String, Candidate> all,
      Journal journal, Journal failures, Journal batches, String runId, State st) {
    for (String fileId : new String[] {s.outputFileId(), s.errorFileId()}) {
      if (fileId != null) {
        client.downloadLines(fileId, line -> {
          if (!line.isBlank()) {
            processLine(line, all, journal, failures, runId, st);
          }
        });
      }
    }
    ObjectNode done = Json.mapper().createObjectNode();
    done.put("id", s.id() + "#done");
    done.put("status", s.status());
    done.put("processed", Instant.now().toString());
    batches.append(s.id() + "#done", done.toString());
    LOG.info("batch {} ended {}", s.id(), s.status());
  }

  private void processLine(String line, Map<String, Candidate> all, Journal journal,
      Journal failures, String runId, State st) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(line);
    } catch (JacksonException e) {
      LOG.warn("skipping an unreadable batch output line: {}", e.getOriginalMessage());
      return;
    }
    String id = n.path("custom_id").asText("");
    Candidate c = all.get(id);
    if (c == null || journal.contains(id)) {
      return;
    }
    JsonNode response = n.path("response");
    int status = response.path("status_code").asInt(0);
    if (status != 200) {
      st.failed++;
      String reason = n.path("error").isObject() ? n.path("error").path("message").asText("")
          : response.path("body").path("error").path("message").asText("HTTP " + status);
      fail(failures, runId, c, "BatchItemFailed", "HTTP " + status + ": " + reason, null);
      return;
    }
    st.calls++;
    String raw = "";
    try {
      ChatResponse r = client.parseBody(response.path("body"));
      raw = r.text();
      st.tokens = st.tokens.plus(r.usage());
      String sample = CandidatePlan.sampleLine(c, BiomedVitalGenerator.NAME, client.model(),
          exchange.templateId(), exchange.read(r, c.seed()));
      if (journal.append(id, sample)) {
        st.written++;
      }
    } catch (VitalException e) {
      st.failed++;
      fail(failures, runId, c, e.getClass().getSimpleName(), e.getMessage(),
          e instanceof UnparseableReplyException u ? u.rawReply() : raw);
    }
  }

  /**
   * Builds {@link BatchGenerationRunner}s; client and output folder are required. The settings every
   * mode shares (output folder, demonstrations, sampling, candidates, seed, shard, limit, images)
   * are {@link CandidateRunBuilder}'s; prompt, parser and post-processing are those of {@link
   * BiomedVitalGenerator}, with the same defaults ({@link VitalExchange#DEFAULT}).
   */
  public static final class Builder extends CandidateRunBuilder<Builder> {
    private OpenAiBatchClient client;
    private BiomedVitalPrompt prompt = VitalExchange.DEFAULT.prompt();
    private ConversationParser parser = VitalExchange.DEFAULT.parser();
    private PostProcessing postProcessing = VitalExchange.DEFAULT.postProcessing();
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int maxPolls = DEFAULT_MAX_POLLS;
    private int maxRounds = DEFAULT_MAX_ROUNDS;
    private double priceFactor = DEFAULT_PRICE_FACTOR;
    private PriceTable prices = PriceTable.DEFAULT;
    private int maxRequestsPerBatch = DEFAULT_MAX_REQUESTS;
    private long maxBytesPerFile = DEFAULT_MAX_BYTES;

    private Builder() {}

    private Builder(CandidatePlan plan) {
      plan(plan);
    }

    /** The batch client (required). */
    public Builder client(OpenAiBatchClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The prompt; default {@link BiomedVitalPrompt#defaults()}. */
    public Builder prompt(BiomedVitalPrompt prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    /** The parser; default {@link ConversationParser#defaults()}. */
    public Builder parser(ConversationParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser == null");
      return this;
    }

    /** The post-processing; default {@link PostProcessing#DEFAULT} (all steps). */
    public Builder postProcessing(PostProcessing postProcessing) {
      this.postProcessing = Objects.requireNonNull(postProcessing, "postProcessing == null");
      return this;
    }

    /** How often to poll a batch (> 0); default {@link #DEFAULT_POLL_INTERVAL}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Checks.positive(interval, "pollInterval");
      return this;
    }

    /**
     * Give up waiting after this many polls of one batch (0, the default: wait to the end); the
     * batch is kept.
     */
    public Builder maxPolls(int polls) {
      this.maxPolls = Checks.nonNegative(polls, "maxPolls");
      return this;
    }

    /**
     * Submission rounds (the first plus resubmissions of what failed); default {@value
     * #DEFAULT_MAX_ROUNDS}.
     */
    public Builder maxRounds(int rounds) {
      this.maxRounds = Checks.positive(rounds, "maxRounds");
      return this;
    }

    /** The share of list price a batch costs; default {@value #DEFAULT_PRICE_FACTOR}. */
    public Builder priceFactor(double factor) {
      this.priceFactor = Checks.inRange(factor, 0, 1, "priceFactor");
      return this;
    }

    /** The price table; default {@link PriceTable#DEFAULT}. */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices == null");
      return this;
    }

    /** The most requests in one batch; default {@value #DEFAULT_MAX_REQUESTS} (OpenAI's limit). */
    public Builder maxRequestsPerBatch(int n) {
      this.maxRequestsPerBatch = Checks.positive(n, "maxRequestsPerBatch");
      return this;
    }

    /** The most bytes in one input file; default {@value #DEFAULT_MAX_BYTES} (OpenAI's 200 MB). */
    public Builder maxBytesPerFile(long bytes) {
      Checks.checkArgument(bytes > 0, "maxBytesPerFile must be > 0 but was %s", bytes);
      this.maxBytesPerFile = bytes;
      return this;
    }

    /** Builds the runner. @throws IllegalStateException naming what is missing and how to set it */
    public BatchGenerationRunner build() {
      Checks.checkState(client != null, "client is required; call client(...)");
      return new BatchGenerationRunner(this, plan());
    }
  }
}
