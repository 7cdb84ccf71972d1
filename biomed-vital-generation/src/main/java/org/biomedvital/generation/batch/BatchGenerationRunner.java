package org.biomedvital.generation.batch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *   <li>the file is uploaded, a batch created, and its id journaled in {@code batches.jsonl}
 *       before anything else happens, so a restarted process finds the batch and polls it instead
 *       of paying for it twice;
 *   <li>when the batch ends, its output is mapped back by {@code custom_id}, parsed and
 *       post-processed like an online reply, and written through the journal; failed lines go to
 *       {@code failures.jsonl};
 *   <li>only the candidates still missing (failed, expired, cancelled) are resubmitted, for up to
 *       {@code maxRounds} rounds.
 * </ol>
 */
public final class BatchGenerationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchGenerationRunner.class);

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
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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
      // First finish batches a previous process created but did not process.
      for (String batchId : openBatches(batches)) {
        LOG.info("resuming batch {} from {}", batchId, BATCHES);
        stop = await(batchId, all, journal, failures, batches, runId, st);
        if (stop != null) {
          break;
        }
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
        StringBuilder jsonl = new StringBuilder();
        int lines = 0;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
          Pending p = e.getValue();
          try {
            GenerationRequest.Builder rb = GenerationRequest.builder().figure(p.figure())
                .candidateIndex(p.k()).seed(p.seed()).demonstrations(p.demos());
            if (imageRoot != null) {
              rb.image(imageRoot.resolve(p.figure().image()));
            }
            jsonl.append(client.requestLine(e.getKey(), prompt.render(rb.build()))).append('\n');
            lines++;
          } catch (VitalException ex) {
            st.failed++;
            fail(failures, runId, e.getKey(), p, ex.getClass().getSimpleName(), ex.getMessage(), null);
            all.remove(e.getKey());
          }
        }
        if (lines == 0) {
          break;
        }
        String fileId = client.upload("vital-" + runId.replace(':', '-') + "-" + round + ".jsonl",
            jsonl.toString());
        OpenAiBatchClient.BatchStatus created = client.create(fileId);
        ObjectNode rec = Json.mapper().createObjectNode();
        rec.put("id", created.id());
        rec.put("input_file_id", fileId);
        rec.put("round", round);
        rec.put("requests", lines);
        rec.put("created", Instant.now().toString());
        batches.append(created.id(), rec.toString());
        LOG.info("batch {} created with {} requests (round {})", created.id(), lines, round);
        stop = await(created.id(), all, journal, failures, batches, runId, st);
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

  /** Polls a batch to its end and processes it; returns a stop reason or null. */
  private String await(String batchId, Map<String, Pending> all, Journal journal,
      Journal failures, Journal batches, String runId, State st) {
    OpenAiBatchClient.BatchStatus s = client.get(batchId);
    int polls = 1;
    while (!s.terminal()) {
      if (maxPolls > 0 && polls >= maxPolls) {
        return "batch " + batchId + " is still " + s.status() + "; run again to pick it up";
      }
      LockSupport.parkNanos(pollInterval.toNanos());
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return "interrupted while waiting for batch " + batchId;
      }
      s = client.get(batchId);
      polls++;
    }
    if (s.outputFileId() != null) {
      for (String line : client.download(s.outputFileId()).split("\n")) {
        if (!line.isBlank()) {
          processLine(line, all, journal, failures, runId, st);
        }
      }
    }
    if (s.errorFileId() != null) {
      for (String line : client.download(s.errorFileId()).split("\n")) {
        if (!line.isBlank()) {
          processLine(line, all, journal, failures, runId, st);
        }
      }
    }
    ObjectNode done = Json.mapper().createObjectNode();
    done.put("id", batchId + "#done");
    done.put("status", s.status());
    done.put("processed", Instant.now().toString());
    batches.append(batchId + "#done", done.toString());
    LOG.info("batch {} ended {}", batchId, s.status());
    return null;
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
    private int candidates = 1;
    private long seed;
    private Shard shard = Shard.ALL;
    private int limit;
    private ImageRoot imageRoot;
    private Duration pollInterval = Duration.ofSeconds(30);
    private int maxPolls;
    private int maxRounds = 3;
    private double priceFactor = 0.5;
    private PriceTable prices = PriceTable.DEFAULT;

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

    /** The parser. */
    public Builder parser(ConversationParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser == null");
      return this;
    }

    /** The post-processing; default all steps. */
    public Builder postProcessing(PostProcessing postProcessing) {
      this.postProcessing = Objects.requireNonNull(postProcessing, "postProcessing == null");
      return this;
    }

    /** The output folder (required). */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** The demonstrations. */
    public Builder demonstrations(DemonstrationSet demonstrations) {
      this.demonstrations = Objects.requireNonNull(demonstrations, "demonstrations == null");
      return this;
    }

    /** The sampling strategy; default {@code perDomain(1)}. */
    public Builder sampling(SamplingStrategy sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling == null");
      return this;
    }

    /** Candidates per figure. */
    public Builder candidatesPerFigure(int n) {
      this.candidates = Checks.positive(n, "candidatesPerFigure");
      return this;
    }

    /** The run seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The shard. */
    public Builder shard(Shard shard) {
      this.shard = Objects.requireNonNull(shard, "shard == null");
      return this;
    }

    /** At most this many figures; 0 for all. */
    public Builder limit(int figures) {
      this.limit = Checks.nonNegative(figures, "limit");
      return this;
    }

    /** The image folder. */
    public Builder imageRoot(ImageRoot root) {
      this.imageRoot = Objects.requireNonNull(root, "root == null");
      return this;
    }

    /** How often to poll a batch; default 30 s. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval == null");
      return this;
    }

    /** Give up waiting after this many polls of one batch (0: wait to the end); the batch is kept. */
    public Builder maxPolls(int polls) {
      this.maxPolls = Checks.nonNegative(polls, "maxPolls");
      return this;
    }

    /** Submission rounds (the first plus resubmissions of what failed); default 3. */
    public Builder maxRounds(int rounds) {
      this.maxRounds = Checks.positive(rounds, "maxRounds");
      return this;
    }

    /** The share of list price a batch costs; default 0.5. */
    public Builder priceFactor(double factor) {
      this.priceFactor = Checks.inRange(factor, 0, 1, "priceFactor");
      return this;
    }

    /** The price table. */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices == null");
      return this;
    }

    /** Builds the runner. */
    public BatchGenerationRunner build() {
      Checks.checkState(client != null, "client is required; call client(...)");
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      return new BatchGenerationRunner(this);
    }
  }
}
