package org.biomedvital.cli.generate;

import static org.biomedvital.cli.GivenOptions.ifGiven;

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
import org.biomedvital.generation.runner.CandidatePlan;
import org.biomedvital.generation.runner.CandidateRunBuilder;
import org.biomedvital.generation.runner.FigureRecords;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.runner.Shard;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.internal.Json;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.Providers;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.InvalidDataException;
import org.biomedvital.cli.Defaults;
import org.biomedvital.cli.ExitCode;
import org.biomedvital.cli.FailureRateOption;
import org.biomedvital.cli.FailureReport;
import org.biomedvital.cli.ModelOptions;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.spi.InstructionGeneratorProvider;
import picocli.CommandLine.Mixin;
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
      "Writes OUT/candidates.jsonl, OUT/failures.jsonl and OUT/usage.json; re-running completes only"
          + " what is missing (failed candidates are retried).",
      "Offline by default (caption-grounded); name a model provider with --provider to call a"
          + " vision LLM."
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

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output folder (created; a rerun into it resumes).")
  Path out;

  @Mixin ModelOptions modelOptions = new ModelOptions(CaptionGroundedGenerator.NAME);

  @Option(names = "--candidates-per-figure", defaultValue = "1", paramLabel = "N",
      description = "Candidate conversations per figure (default: ${DEFAULT-VALUE}).")
  int candidatesPerFigure;

  @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
      description = "Candidates in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
      description = "At most N figures of the shard (default: ${DEFAULT-VALUE}, all).")
  int limit;

  @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
      description = "Run seed: picks each candidate's demonstrations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/K",
      description = "Run shard I of K (0-based), split by hash of pair_id (default: ${DEFAULT-VALUE}).")
  String shard;

  @Option(names = "--json", description = "Ask for JSON replies instead of User:/Assistant: text.")
  boolean json;

  @Option(names = "--demo-images", paramLabel = "DIR",
      description = "Attach each demonstration's image from DIR (default: text-only demonstrations).")
  Path demoImages;

  @Option(names = "--prompt", paramLabel = "FILE",
      description = "A prompt-template JSON file (default: the BioMed-VITAL prompt).")
  Path promptFile;

  @Option(names = "--no-cache", description = "Do not keep replies in OUT/cache.")
  boolean noCache;

  @Option(names = "--estimate", description = "Print the pre-flight cost estimate and exit.")
  boolean estimateOnly;

  @Option(names = "--batch", description = "Use the OpenAI batch API (openai-compatible only):"
      + " half price, results within 24 h; batch ids are kept in OUT/batches.jsonl.")
  boolean batch;

  @Option(names = "--poll-seconds", defaultValue = "30", paramLabel = "N",
      description = "Batch mode: seconds between polls (default: ${DEFAULT-VALUE}).")
  int pollSeconds;

  @Mixin FailureRateOption failureRate;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    PrintWriter o = cl.getOut();
    PrintWriter err = cl.getErr();
    if (candidatesPerFigure <= 0 || concurrency <= 0 || limit < 0 || pollSeconds <= 0) {
      throw new CommandLine.ParameterException(cl, "--candidates-per-figure, --concurrency and"
          + " --poll-seconds must be > 0 and --limit >= 0");
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
    modelOptions.checkChoice(InstructionGeneratorProvider.class, err);
    boolean offline = !modelOptions.isModelProvider();
    String model = modelOptions.model();
    if (!offline && model == null) {
      throw new CommandLine.ParameterException(cl,
          "--model is required with --provider " + modelOptions.provider());
    }
    if (!estimateOnly) {
      modelOptions.requireKey();
    }
    if (offline && (batch || promptFile != null || demoImages != null || json)) {
      throw new CommandLine.ParameterException(cl, "--batch, --prompt, --demo-images and --json"
          + " need a model provider, but '" + modelOptions.provider() + "' is offline; add"
          + " --provider openai-compatible, azure-openai or anthropic and --model");
    }
    List<Figure> all = FigureRecords.read(figures);
    List<Figure> mine = shardOf(all, runSettings(new PlanSettings(), theShard).toPlan());
    ImageRoot root = ImageRoot.of(images);
    checkImages(mine, root);
    DemonstrationSet demos = DemonstrationSet.from(demonstrations);
    Usage previous = modelOptions.budgetUsd() == null ? Usage.ZERO : previousUsage();

    InstructionGenerator generator;
    Supplier<Usage> usage = () -> Usage.ZERO;
    if (offline) {
      if (estimateOnly) {
        o.println(modelOptions.provider() + " makes no model calls: estimated cost $0.00");
        return ExitCode.OK;
      }
      generator = Providers.instructionGenerator(modelOptions.provider(),
          modelOptions.offlineSettings(Map.of()));
    } else {
      BiomedVitalPrompt.Builder pb = BiomedVitalPrompt.builder()
          .mode(json ? OutputMode.JSON : OutputMode.TEXT);
      if (promptFile != null) {
        pb.template(PromptTemplate.load(promptFile));
      }
      if (demoImages != null) {
        pb.demonstrationImages(ImageRoot.of(demoImages));
      }
      BiomedVitalPrompt prompt = pb.build();
      if (estimateOnly) {
        return estimate(o, mine,
            runSettings(new PlanSettings(), theShard).demonstrations(demos).toPlan(), prompt);
      }
      if (batch) {
        return runBatch(o, err, all, demos, theShard, prompt);
      }
      VisionChatModel chat = modelOptions.chatModel(extraSettings(previous));
      generator = BiomedVitalGenerator.builder(chat).modelName(model).prompt(prompt).build();
      if (chat instanceof ResilientChatModel) {
        usage = ((ResilientChatModel) chat)::usage;
      }
    }
    FailureReport failures = new FailureReport();
    RunSummary s = runSettings(GenerationRunner.builder(), theShard)
        .demonstrations(demos)
        .sampling(SamplingStrategy.perDomain(1))
        .generator(new CountingGenerator(generator, root, failures))
        .concurrency(concurrency)
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
    printSummary(o, s);
    o.printf(Locale.ROOT, "model calls: %d, retries: %d, cache hits: %d, tokens: %d in / %d out,"
        + " cost: $%.4f%n", u.calls(), u.retries(), u.cacheHits(), u.inputTokens(),
        u.outputTokens(), u.costUsd());
    o.flush();
    return verdict(err, s, failures);
  }

  private static void printSummary(PrintWriter o, RunSummary s) {
    o.printf(Locale.ROOT, "figures: %d, candidates written: %d, already present: %d, failed: %d,"
        + " failures still open: %d%n", s.figures(), s.written(), s.skipped(), s.failed(),
        s.remainingFailures().total());
    o.println("output: " + s.candidatesFile() + (s.failed() > 0 ? " (failures: "
        + s.failuresFile() + ")" : ""));
  }

  private int verdict(PrintWriter err, RunSummary s, FailureReport failures) {
    if (s.stopReason().isPresent()) {
      err.println("error: stopped early: " + s.stopReason().get());
      failures.finish(err, "candidates", s.written() + s.failed(), s.failed(),
          org.biomedvital.failure.FailureBudget.NONE, s.failuresFile());
      return ExitCode.FAILED;
    }
    return failures.finish(err, "candidates", s.written() + s.failed(), s.failed(),
        failureRate.budget(), s.failuresFile());
  }

  /**
   * The settings every generation mode shares, from this command's options: output folder,
   * candidates per figure, run seed, shard and limit (demonstrations are set where they are read).
   */
  private <B extends CandidateRunBuilder<B>> B runSettings(B b, Shard theShard) {
    return b.outputDir(out).candidatesPerFigure(candidatesPerFigure).seed(seed).shard(theShard)
        .limit(limit);
  }

  /**
   * Turns the shared settings into the plan the runners work from, so that the figure check and
   * {@code --estimate}, which run before any runner, see the figures and candidates a run would.
   */
  private static final class PlanSettings extends CandidateRunBuilder<PlanSettings> {
    CandidatePlan toPlan() {
      return plan();
    }
  }

  /** The figures of this run: those of the shard, at most {@code --limit}. */
  private List<Figure> shardOf(List<Figure> all, CandidatePlan plan) {
    List<Figure> mine = plan.select(all);
    if (mine.isEmpty()) {
      throw new InvalidDataException(figures.toString(), 0, null, all.isEmpty()
          ? "holds no figure records; nothing to generate"
          : "holds no figure of shard " + shard + "; nothing to generate");
    }
    return mine;
  }

  /** Stops before any call when no figure of the run has its image: the folder is wrong. */
  private void checkImages(List<Figure> mine, ImageRoot root) {
    String firstMissing = null;
    for (Figure f : mine) {
      try {
        root.resolve(f.image());
        return;
      } catch (InvalidDataException e) {
        if (firstMissing == null) {
          firstMissing = f.image();
        }
      }
    }
    throw new InvalidDataException(images.toString(), 0, null, "holds the image of none of the "
        + mine.size() + " figure(s) to generate (the first wanted is '" + firstMissing
        + "'); point --images at the folder with the figures' images");
  }

  private int runBatch(PrintWriter o, PrintWriter err, List<Figure> all, DemonstrationSet demos,
      Shard theShard, BiomedVitalPrompt prompt) {
    if (!modelOptions.provider().equals("openai-compatible")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--batch works with --provider openai-compatible only");
    }
    org.biomedvital.generation.openai.OpenAiBatchClient.Builder cb =
        org.biomedvital.generation.openai.OpenAiBatchClient.builder().model(modelOptions.model());
    ifGiven(modelOptions.baseUrl(), cb::baseUrl);
    String var = modelOptions.keyVariable();
    if (var != null) {
      cb.apiKey(System.getenv(var).trim()); // check() made sure it is set
    }
    RunSummary s = runSettings(
            org.biomedvital.generation.batch.BatchGenerationRunner.builder(), theShard)
        .demonstrations(demos).client(cb.build()).prompt(prompt)
        .imageRoot(ImageRoot.of(images)).pollInterval(Duration.ofSeconds(pollSeconds))
        .build().run(all);
    printSummary(o, s);
    o.printf(Locale.ROOT, "batch results: %d, tokens: %d in / %d out, cost at batch price: $%.4f%n",
        s.usage().calls(), s.usage().inputTokens(), s.usage().outputTokens(), s.usage().costUsd());
    o.flush();
    return verdict(err, s, new FailureReport());
  }

  /** The settings generate adds to the model options: its cache and the spend of earlier runs. */
  private Map<String, String> extraSettings(Usage previous) {
    Map<String, String> m = new LinkedHashMap<>();
    if (modelOptions.budgetUsd() != null) {
      m.put("budget-spent-usd", String.valueOf(previous.costUsd()));
    }
    if (!noCache && modelOptions.cacheDir() == null) {
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
      throw new InvalidDataException(f.toString(), 0, null, "cannot be read (" + e.getMessage()
          + "); the spend of earlier runs is unknown, so --budget-usd cannot be kept; fix or"
          + " remove it");
    }
  }

  private int estimate(PrintWriter o, List<Figure> mine, CandidatePlan plan,
      BiomedVitalPrompt prompt) {
    String model = modelOptions.model();
    long input = 0;
    long output = 0;
    long requests = 0;
    for (Figure f : mine) {
      for (int k = 0; k < plan.candidatesPerFigure(); k++) {
        CandidatePlan.Candidate c = plan.candidate(f, k);
        // The image by path, not through ImageRoot.resolve: an estimate counts images, reads none.
        var req = GenerationRequest.builder().figure(f)
            .image(org.biomedvital.data.ImageRef.of(images.resolve(f.image())))
            .demonstrations(c.demonstrations()).candidateIndex(k).seed(c.seed()).build();
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
    return ExitCode.OK;
  }
}
