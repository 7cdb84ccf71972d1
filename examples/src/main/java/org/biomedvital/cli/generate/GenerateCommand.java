package org.biomedvital.cli.generate;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.http.PriceTable;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.offline.CaptionGroundedGenerator;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.generation.prompt.OutputMode;
import org.biomedvital.generation.prompt.PromptTemplate;
import org.biomedvital.generation.runner.FigureRecords;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.runner.Shard;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.internal.Json;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.cli.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code biomed-vital generate}: N candidate conversations per figure with a vision LLM prompted
 * by clinician demonstrations, or offline with the caption-grounded generator; resumable.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate candidate instruction conversations for figures (BioMed-VITAL stage 1).",
      "Writes DIR/candidates.jsonl, DIR/failures.jsonl and DIR/usage.json; re-running completes only"
          + " what is missing."
    })
public final class GenerateCommand implements CliCommand, Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--figures", required = true, paramLabel = "FILE",
      description = "PMC caption records (JSON domain map, JSON array or JSONL) or QA50-style JSONL.")
  Path figures;

  @Option(names = "--images", required = true, paramLabel = "DIR",
      description = "Image folder: <pair_id>.jpg or the record's 'image', resolved inside it.")
  Path images;

  @Option(names = "--demonstrations", required = true, paramLabel = "FILE",
      description = "Clinician demonstrations (JSONL or JSON array).")
  Path demonstrations;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--provider", defaultValue = "caption-grounded", paramLabel = "NAME",
      description = "openai-compatible, azure-openai, anthropic or caption-grounded (default).")
  String provider;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Endpoint base URL (Azure: the resource endpoint).")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Model id (Azure: the deployment).")
  String model;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the API key.")
  String apiKeyEnv;

  @Option(names = "--candidates", defaultValue = "1", paramLabel = "N",
      description = "Candidates per figure (default ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--concurrency", defaultValue = "4", paramLabel = "C",
      description = "Candidates in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rpm", paramLabel = "R", description = "Client-side requests per minute.")
  Double rpm;

  @Option(names = "--tpm", paramLabel = "T", description = "Client-side tokens per minute.")
  Double tpm;

  @Option(names = "--budget-usd", paramLabel = "X",
      description = "Hard spending limit over all runs into DIR.")
  Double budgetUsd;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
      description = "At most N figures of the shard (0: all).")
  int limit;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Run seed.")
  long seed;

  @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/k",
      description = "Run shard i of k (0-based), split by hash of pair_id.")
  String shard;

  @Option(names = "--json", description = "Ask for JSON replies instead of User:/Assistant: text.")
  boolean json;

  @Option(names = "--demo-images", paramLabel = "DIR",
      description = "Attach each demonstration's image from DIR (default: text-only demonstrations).")
  Path demoImages;

  @Option(names = "--prompt", paramLabel = "FILE", description = "A prompt-template JSON file.")
  Path promptFile;

  @Option(names = "--api-version", paramLabel = "V", description = "Azure api-version.")
  String apiVersion;

  @Option(names = "--max-retries", defaultValue = "5", paramLabel = "N",
      description = "Retries per call (default ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(names = "--no-cache", description = "Do not keep responses in DIR/cache.")
  boolean noCache;

  @Option(names = "--estimate", description = "Print the pre-flight cost estimate and exit.")
  boolean estimateOnly;

  @Option(names = "--batch", description = "Use the OpenAI batch API (openai-compatible only):"
      + " half price, results within 24 h; batch ids are kept in DIR/batches.jsonl.")
  boolean batch;

  @Option(names = "--poll-seconds", defaultValue = "30", paramLabel = "S",
      description = "Batch mode: seconds between polls (default ${DEFAULT-VALUE}).")
  int pollSeconds;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    PrintWriter o = cl.getOut();
    PrintWriter err = cl.getErr();
    if (candidates <= 0 || concurrency <= 0 || limit < 0 || maxRetries < 0) {
      throw new CommandLine.ParameterException(cl,
          "--candidates and --concurrency must be > 0, --limit and --max-retries >= 0");
    }
    Shard theShard;
    try {
      theShard = Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--shard: " + e.getMessage());
    }
    if (!Files.isDirectory(images)) {
      throw new CommandLine.ParameterException(cl, "--images " + images + " is not a folder");
    }
    boolean offline = provider.equals(CaptionGroundedGenerator.NAME);
    if (!offline && model == null) {
      throw new CommandLine.ParameterException(cl, "--model is required with --provider " + provider);
    }
    List<Figure> all = FigureRecords.read(figures);
    DemonstrationSet demos = DemonstrationSet.from(demonstrations);
    Usage previous = previousUsage();

    InstructionGenerator generator;
    Supplier<Usage> usage = () -> Usage.ZERO;
    BiomedVitalPrompt prompt = null;
    if (offline) {
      generator = Providers.instructionGenerator(provider, ProviderSettings.EMPTY);
    } else {
      BiomedVitalPrompt.Builder pb = BiomedVitalPrompt.builder()
          .mode(json ? OutputMode.JSON : OutputMode.TEXT);
      if (promptFile != null) {
        pb.template(PromptTemplate.load(promptFile));
      }
      if (demoImages != null) {
        pb.demonstrationImages(ImageRoot.of(demoImages));
      }
      prompt = pb.build();
      if (estimateOnly) {
        return estimate(o, all, demos, theShard, prompt);
      }
      if (batch) {
        return runBatch(o, err, all, demos, theShard, prompt);
      }
      VisionChatModel chat = Providers.visionChatModel(provider,
          ProviderSettings.of(settings(previous)));
      generator = BiomedVitalGenerator.builder(chat).modelName(model).prompt(prompt).build();
      if (chat instanceof ResilientChatModel) {
        usage = ((ResilientChatModel) chat)::usage;
      }
    }
    if (estimateOnly) {
      o.println("caption-grounded makes no model calls: estimated cost $0.00");
      return 0;
    }
    RunSummary s = GenerationRunner.builder()
        .generator(generator)
        .outputDir(out)
        .demonstrations(demos)
        .sampling(SamplingStrategy.perDomain(1))
        .candidatesPerFigure(candidates)
        .concurrency(concurrency)
        .seed(seed)
        .shard(theShard)
        .limit(limit)
        .imageRoot(ImageRoot.of(images))
        .modelName(offline ? "" : model)
        .usage(usage)
        .progressInterval(Duration.ofSeconds(10))
        .listener(p -> {
          err.printf(Locale.ROOT, "progress: %d/%d done, %d failed, %d in flight, $%.4f%s%n",
              p.done(), p.total(), p.failed(), p.inFlight(), p.spendUsd(),
              p.eta().map(d -> ", eta " + d.toSeconds() + " s").orElse(""));
          err.flush();
        })
        .build()
        .run(all);
    Usage u = s.usage();
    o.printf(Locale.ROOT, "figures: %d, candidates written: %d, already present: %d, failed: %d,"
        + " failures still open: %d%n", s.figures(), s.written(), s.skipped(), s.failed(),
        s.remainingFailures().total());
    o.printf(Locale.ROOT, "model calls: %d, retries: %d, cache hits: %d, tokens: %d in / %d out,"
        + " cost: $%.4f%n", u.calls(), u.retries(), u.cacheHits(), u.inputTokens(),
        u.outputTokens(), u.costUsd());
    o.println("output: " + s.candidatesFile() + (s.failed() > 0 ? " (failures: "
        + s.failuresFile() + ")" : ""));
    if (s.stopReason().isPresent()) {
      err.println("error: stopped early: " + s.stopReason().get());
      return 1;
    }
    return 0;
  }

  private int runBatch(PrintWriter o, PrintWriter err, List<Figure> all, DemonstrationSet demos,
      Shard theShard, BiomedVitalPrompt prompt) {
    if (!provider.equals("openai-compatible")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--batch works with --provider openai-compatible only");
    }
    if (pollSeconds <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--poll-seconds must be > 0");
    }
    org.biomedvital.generation.openai.OpenAiBatchClient.Builder cb =
        org.biomedvital.generation.openai.OpenAiBatchClient.builder().model(model);
    if (baseUrl != null) {
      cb.baseUrl(baseUrl);
    }
    if (apiKeyEnv != null) {
      String key = System.getenv(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--api-key-env names " + apiKeyEnv + " but it is not set");
      }
      cb.apiKey(key);
    }
    RunSummary s = org.biomedvital.generation.batch.BatchGenerationRunner.builder()
        .client(cb.build()).prompt(prompt).outputDir(out).demonstrations(demos)
        .candidatesPerFigure(candidates).seed(seed).shard(theShard).limit(limit)
        .imageRoot(ImageRoot.of(images)).pollInterval(Duration.ofSeconds(pollSeconds))
        .build().run(all);
    o.printf(Locale.ROOT, "figures: %d, candidates written: %d, already present: %d, failed: %d,"
        + " failures still open: %d%n", s.figures(), s.written(), s.skipped(), s.failed(),
        s.remainingFailures().total());
    o.printf(Locale.ROOT, "batch results: %d, tokens: %d in / %d out, cost at batch price: $%.4f%n",
        s.usage().calls(), s.usage().inputTokens(), s.usage().outputTokens(), s.usage().costUsd());
    if (s.stopReason().isPresent()) {
      err.println("error: stopped early: " + s.stopReason().get());
      return 1;
    }
    return 0;
  }

  private Map<String, String> settings(Usage previous) {
    Map<String, String> m = new LinkedHashMap<>();
    if (provider.equals("azure-openai")) {
      if (baseUrl == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--base-url (the Azure resource endpoint) is required with --provider azure-openai");
      }
      m.put("endpoint", baseUrl);
      m.put("deployment", model);
      if (apiVersion != null) {
        m.put("api-version", apiVersion);
      }
    } else {
      if (baseUrl != null) {
        m.put("base-url", baseUrl);
      }
      m.put("model", model);
    }
    if (apiKeyEnv != null) {
      m.put("api-key-env", apiKeyEnv);
    }
    m.put("max-retries", String.valueOf(maxRetries));
    if (rpm != null) {
      m.put("rpm", String.valueOf(rpm));
    }
    if (tpm != null) {
      m.put("tpm", String.valueOf(tpm));
    }
    if (budgetUsd != null) {
      m.put("budget-usd", String.valueOf(budgetUsd));
      m.put("budget-spent-usd", String.valueOf(previous.costUsd()));
    }
    if (!noCache) {
      m.put("cache-dir", out.resolve("cache").toString());
    }
    return m;
  }

  private Usage previousUsage() {
    Path f = out.resolve(GenerationRunner.USAGE);
    if (!Files.exists(f)) {
      return Usage.ZERO;
    }
    try {
      return GenerationRunner.fromJson(Json.mapper().readTree(Files.readString(f)).path("total"));
    } catch (java.io.IOException | RuntimeException e) {
      return Usage.ZERO;
    }
  }

  private int estimate(PrintWriter o, List<Figure> all, DemonstrationSet demos, Shard theShard,
      BiomedVitalPrompt prompt) {
    long input = 0;
    long output = 0;
    long requests = 0;
    int figuresSeen = 0;
    for (Figure f : all) {
      if (!theShard.contains(f.pairId())) {
        continue;
      }
      if (limit > 0 && figuresSeen >= limit) {
        break;
      }
      figuresSeen++;
      for (int k = 0; k < candidates; k++) {
        long cs = GenerationRunner.candidateSeed(seed, f.pairId(), k);
        var req = org.biomedvital.generation.GenerationRequest.builder().figure(f)
            .image(org.biomedvital.data.ImageRef.of(images.resolve(f.image())))
            .demonstrations(demos.size() == 0 ? List.of()
                : demos.sample(SamplingStrategy.perDomain(1), cs))
            .candidateIndex(k).seed(cs).build();
        var est = ResilientChatModel.estimate(prompt.render(req));
        input += est.inputTokens();
        output += est.outputTokens();
        requests++;
      }
    }
    var price = PriceTable.DEFAULT.price(model);
    o.printf(Locale.ROOT, "estimate: %d requests, about %d input tokens, at most %d output tokens%n",
        requests, input, output);
    if (price.isPresent()) {
      o.printf(Locale.ROOT, "estimated cost on %s: at most $%.2f%n", model,
          price.get().cost(new org.biomedvital.model.TokenUsage(input, output)));
    } else {
      o.println("no list price known for model " + model + "; cost not estimated");
    }
    return 0;
  }
}
