package org.biomedvital.generation.batch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.biomedvital.VitalException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.http.PriceTable;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.openai.OpenAiBatchClient;
import org.biomedvital.generation.parse.ConversationParser;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.runner.Shard;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
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
 */
public final class BatchGenerationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchGenerationRunner.class);

  /** The default most requests per batch: the OpenAI Batch API's limit. */
  public static final int DEFAULT_MAX_REQUESTS = 50_000;
  /** The default most bytes per input file: the OpenAI Batch API's 200 MB. */
  public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;

  /** Candidates per figure unless set: 1. */
  public static final int DEFAULT_CANDIDATES_PER_FIGURE = 1;

  /** How often a batch is polled unless set: 30 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /** Submission rounds unless set: the first plus two resubmissions. */
  public static final int DEFAULT_MAX_ROUNDS = 3;

  /** The share of list price a batch costs unless set: OpenAI's batch discount of 50%. */
  public static final double DEFAULT_PRICE_FACTOR = 0.5;

  /** The batch journal file name. */
  public static final String BATCHES = "batches.jsonl";

  private final OpenAiBatchClient client;
  private final BiomedVitalPrompt prompt;
  private final ConversationParser parser;
  private final PostProcessing postProcessing;
  private final Path outputDir;
  private final DemonstrationSet demonstrations;
  private final SamplingStrategy sampling;
  private final int candidates;
  private final long seed;
  private final Shard shard;
  private final int limit;
  private final ImageRoot imageRoot;
  private final Duration pollInterval;
  private final int maxPolls;
  private final int maxRounds;
  private final double priceFactor;
  private final PriceTable prices;
  private final int maxRequestsPerBatch;
  private final long maxBytesPerFile;

  private BatchGenerationRunner(Builder b) {
    this.client = b.client;
    this.prompt = b.prompt;
    this.parser = b.parser;
    this.postProcessing = b.postProcessing;
    this.outputDir = b.outputDir;
    this.demonstrations = b.demonstrations;
    this.sampling = b.sampling;
    this.candidates = b.candidates;
    this.seed = b.seed;
    this.shard = b.shard;
    this.limit = b.limit;
    this.imageRoot = b.imageRoot;
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
    Builder b = new Builder();
    b.client = client;
    b.prompt = prompt;
    b.parser = parser;
    b.postProcessing = postProcessing;
    b.outputDir = outputDir;
    b.demonstrations = demonstrations;
    b.sampling = sampling;
    b.candidates = candidates;
    b.seed = seed;
    b.shard = shard;
    b.limit = limit;
    b.imageRoot = imageRoot;
    b.pollInterval = pollInterval;
    b.maxPolls = maxPolls;
    b.maxRounds = maxRounds;
    b.priceFactor = priceFactor;
    b.prices = prices;
    b.maxRequestsPerBatch = maxRequestsPerBatch;
    b.maxBytesPerFile = maxBytesPerFile;
    return b;
  }

  private record Pending(Figure figure, int k, long seed, List<Demonstration> demos) {}

  private final class State {
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
    List<Figure> mine = new ArrayList<>();
    for (Figure f : figures) {
      if (shard.contains(f.pairId())) {
        if (limit > 0 && mine.size() >= limit) {
          break;
        }
        mine.add(f);
      }
    }
    Path candidatesFile = outputDir.resolve(GenerationRunner.CANDIDATES);
    Path failuresFile = outputDir.resolve(GenerationRunner.FAILURES);
    String runId = Instant.now().toString();
    State st = new State();
    String stop = null;
    long skipped = 0;
    try (Journal journal = Journal.open(candidatesFile);
         Journal failures = Journal.open(failuresFile, "failure_id",
             org.biomedvital.journal.Durability.PROCESS_CRASH_SAFE);
         Journal batches = Journal.open(outputDir.resolve(BATCHES))) {
      Map<String, Pending> all = new LinkedHashMap<>();
      for (Figure f : mine) {
        for (int k = 0; k < candidates; k++) {
          String id = GenerationRunner.candidateId(f.pairId(), k);
          if (journal.contains(id)) {
            skipped++;
            continue;
          }
          long cs = GenerationRunner.candidateSeed(seed, f.pairId(), k);
          List<Demonstration> demos = demonstrations.size() == 0 ? List.of()
              : demonstrations.sample(sampling, cs);
          all.put(id, new Pending(f, k, cs, demos));
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
        Map<String, Pending> pending = new LinkedHashMap<>();
        all.forEach((id, p) -> {
          if (!journal.contains(id)) {
            pending.put(id, p);
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

  /**
   * Writes the pending requests into as many input files as the limits require, uploads each,
   * creates its batch and journals the batch id at once; returns the ids created.
   */
  private List<String> submit(int round, Map<String, Pending> pending, Map<String, Pending> all,
      Journal failures, Journal batches, String runId, State st) {
    List<String> created = new ArrayList<>();
    InputFile file = null;
    int part = 0;
    try {
      for (Map.Entry<String, Pending> e : pending.entrySet()) {
        Pending p = e.getValue();
        byte[] line;
        try {
          GenerationRequest.Builder rb = GenerationRequest.builder().figure(p.figure())
              .candidateIndex(p.k()).seed(p.seed()).demonstrations(p.demos());
          if (imageRoot != null) {
            rb.image(imageRoot.resolve(p.figure().image()));
          }
          line = (client.requestLine(e.getKey(), prompt.render(rb.build())) + "\n")
              .getBytes(StandardCharsets.UTF_8);
        } catch (VitalException ex) {
          st.failed++;
          fail(failures, runId, e.getKey(), p, ex.getClass().getSimpleName(), ex.getMessage(), null);
          all.remove(e.getKey());
          continue;
        }
        if (line.length > maxBytesPerFile) {
          st.failed++;
          fail(failures, runId, e.getKey(), p, "RequestTooLarge", String.format(Locale.ROOT,
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
          file = new InputFile(outputDir.resolve(String.format(Locale.ROOT,
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

  /** An input file being written; deleted once its batch exists. */
  private static final class InputFile {
    final Path path;
    final OutputStream out;
    long bytes;
    int requests;

    InputFile(Path path) {
      this.path = path;
      try {
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      } catch (IOException e) {
        throw new VitalException("cannot write batch input file " + path + ": " + e.getMessage(), e);
      }
    }

    void write(byte[] line) {
      try {
        out.write(line);
      } catch (IOException e) {
        throw new VitalException("cannot write batch input file " + path + ": " + e.getMessage(), e);
      }
      bytes += line.length;
      requests++;
    }

    void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new VitalException("cannot write batch input file " + path + ": " + e.getMessage(), e);
      }
    }

    void discard() {
      try {
        out.close();
        Files.deleteIfExists(path);
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", path, e.getMessage());
      }
    }
  }

  private String upload(InputFile file, int round, Journal batches) {
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
  private String awaitAll(List<String> batchIds, Map<String, Pending> all, Journal journal,
      Journal failures, Journal batches, String runId, State st) {
    List<String> running = new ArrayList<>(batchIds);
    int polls = 0;
    while (true) {
      polls++;
      for (java.util.Iterator<String> it = running.iterator(); it.hasNext(); ) {
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
  private void process(OpenAiBatchClient.BatchStatus s, Map<String, Pending> all, Journal journal,
      Journal failures, Journal batches, String runId, State st) {
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

  private void processLine(String line, Map<String, Pending> all, Journal journal,
      Journal failures, String runId, State st) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(line);
    } catch (JacksonException e) {
      LOG.warn("skipping an unreadable batch output line: {}", e.getOriginalMessage());
      return;
    }
    String id = n.path("custom_id").asText("");
    Pending p = all.get(id);
    if (p == null || journal.contains(id)) {
      return;
    }
    JsonNode response = n.path("response");
    int status = response.path("status_code").asInt(0);
    if (status != 200) {
      st.failed++;
      String reason = n.path("error").isObject() ? n.path("error").path("message").asText("")
          : response.path("body").path("error").path("message").asText("HTTP " + status);
      fail(failures, runId, id, p, "BatchItemFailed", "HTTP " + status + ": " + reason, null);
      return;
    }
    st.calls++;
    String raw = "";
    try {
      ChatResponse r = client.parseBody(response.path("body"));
      raw = r.text();
      st.tokens = st.tokens.plus(r.usage());
      r.requireComplete();
      Conversation c = postProcessing.apply(parser.parse(r.text(), prompt.mode()), p.seed());
      InstructionSample sample = InstructionSample.builder().id(id).figure(p.figure())
          .conversation(c)
          .provenance(new Provenance(BiomedVitalGenerator.NAME, client.model(),
              prompt.template().id(), p.demos().stream().map(Demonstration::id).toList(), p.k(),
              p.seed()))
          .build();
      if (journal.append(id, Samples.toJson(sample))) {
        st.written++;
      }
    } catch (VitalException e) {
      st.failed++;
      fail(failures, runId, id, p, e.getClass().getSimpleName(), e.getMessage(),
          e instanceof org.biomedvital.UnparseableReplyException
              ? ((org.biomedvital.UnparseableReplyException) e).rawReply() : raw);
    }
  }

  private static void fail(Journal failures, String runId, String id, Pending p, String error,
      String reason, String raw) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("failure_id", id + "@" + runId);
    n.put("id", id);
    n.put("figure_id", p.figure().pairId());
    n.put("candidate_index", p.k());
    n.put("error", error);
    n.put("reason", String.valueOf(reason));
    if (raw != null && !raw.isEmpty()) {
      n.put("raw_reply", raw);
    }
    n.put("time", Instant.now().toString());
    failures.append(id + "@" + runId, n.toString());
  }

  /** Builds {@link BatchGenerationRunner}s; client and output folder are required. */
  public static final class Builder {
    private OpenAiBatchClient client;
    private BiomedVitalPrompt prompt = BiomedVitalPrompt.defaults();
    private ConversationParser parser = ConversationParser.defaults();
    private PostProcessing postProcessing = PostProcessing.DEFAULT;
    private Path outputDir;
    private DemonstrationSet demonstrations = DemonstrationSet.of(List.of());
    private SamplingStrategy sampling = SamplingStrategy.perDomain(1);
    private int candidates = DEFAULT_CANDIDATES_PER_FIGURE;
    private long seed;
    private Shard shard = Shard.ALL;
    private int limit;
    private ImageRoot imageRoot;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int maxPolls;
    private int maxRounds = DEFAULT_MAX_ROUNDS;
    private double priceFactor = DEFAULT_PRICE_FACTOR;
    private PriceTable prices = PriceTable.DEFAULT;
    private int maxRequestsPerBatch = DEFAULT_MAX_REQUESTS;
    private long maxBytesPerFile = DEFAULT_MAX_BYTES;

    private Builder() {}

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

    /** The output folder (required). */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** The demonstrations to sample from; default none. */
    public Builder demonstrations(DemonstrationSet demonstrations) {
      this.demonstrations = Objects.requireNonNull(demonstrations, "demonstrations == null");
      return this;
    }

    /** The sampling strategy; default {@code perDomain(1)}. */
    public Builder sampling(SamplingStrategy sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling == null");
      return this;
    }

    /** Candidates per figure; default {@value #DEFAULT_CANDIDATES_PER_FIGURE}. */
    public Builder candidatesPerFigure(int n) {
      this.candidates = Checks.positive(n, "candidatesPerFigure");
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

    /** At most this many figures; 0 for all, the default. */
    public Builder limit(int figures) {
      this.limit = Checks.nonNegative(figures, "limit");
      return this;
    }

    /** Where images are: each figure's {@code image} resolved under it; default none. */
    public Builder imageRoot(ImageRoot root) {
      this.imageRoot = Objects.requireNonNull(root, "root == null");
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
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      return new BatchGenerationRunner(this);
    }
  }
}
