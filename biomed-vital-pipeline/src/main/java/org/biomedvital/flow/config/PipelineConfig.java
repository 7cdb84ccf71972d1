package org.biomedvital.flow.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.internal.Hashing;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.ProviderSettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code biomed-vital run} configuration file: YAML that mirrors {@link VitalPipeline.Builder}
 * key by key (documented in {@code docs/pipeline.md}). Loading checks every key and value and
 * names the line, the key and the allowed values of anything wrong; {@link #toBuilder} then creates
 * the stage implementations by provider name through {@link Providers}.
 *
 * <p>Relative paths are resolved against the configuration file's folder.
 */
public final class PipelineConfig {
  static final Set<String> TOP = Set.of("output", "seed", "concurrency", "inputs", "generate", "judge", "pairs",
      "train", "score", "select", "tune", "evaluate", "report", "run", "max-failure-rate");
  static final Set<String> PROVIDER = Set.of("provider", "settings");
  static final List<String> SAMPLING = List.of("per-domain", "stratified", "k-center");

  /** A provider name with its settings, and where it was configured. */
  record ProviderSpec(String key, String provider, Map<String, String> settings) {
    ProviderSettings providerSettings() {
      return ProviderSettings.of(settings);
    }
  }

  final Path file;
  final String sha256;
  Path output;
  long seed = VitalPipeline.DEFAULT_SEED;
  int concurrency = VitalPipeline.DEFAULT_CONCURRENCY;
  final Map<String, Path> inputs = new LinkedHashMap<>();
  ProviderSpec generator;
  String sampling = "per-domain";
  int samplingK = 1;
  int samplingN = 5;
  final Map<Domain, Double> samplingMix = new EnumMap<>(Domain.class);
  int candidatesPerFigure = VitalPipeline.DEFAULT_CANDIDATES_PER_FIGURE;
  double inputPerMillion;
  double outputPerMillion;
  ProviderSpec judge;
  double humanWeight = VitalPipeline.DEFAULT_HUMAN_WEIGHT;
  double clinicianValidation = VitalPipeline.DEFAULT_CLINICIAN_VALIDATION;
  int modelTrainPairs;
  int modelTestPairs;
  boolean sameFigure = true;
  double maxFailureRate = FailureBudget.DEFAULT_MAX_FAILURE_RATE;
  ProviderSpec embedder;
  ProviderSpec scorer;
  final List<Double> sweep = new ArrayList<>();
  int batchSize = VitalPipeline.DEFAULT_SCORE_BATCH_SIZE;
  final List<ProviderSpec> selectors = new ArrayList<>();
  ProviderSpec runner;
  int tuningStage = VitalPipeline.DEFAULT_TUNING_STAGE;
  String baseModel = "";
  final Map<String, String> parameters = new LinkedHashMap<>();
  ProviderSpec evaluate;
  ProviderSpec report;
  String from;
  String to;
  final List<String> skip = new ArrayList<>();
  final Map<String, List<Path>> provide = new LinkedHashMap<>();

  private PipelineConfig(Path file, String sha256) {
    this.file = file;
    this.sha256 = sha256;
  }

  /**
   * Reads and checks a configuration file.
   *
   * @throws IllegalArgumentException naming file, line, key and the allowed keys or values
   * @throws InvalidDataException when the file cannot be read
   */
  public static PipelineConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "does not exist; check the --config path", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
    Node root = compose(file, text);
    if (root == null) {
      throw new IllegalArgumentException(file + ": is empty; it needs at least 'output' and 'inputs'");
    }
    PipelineConfig c = new PipelineConfig(file.toAbsolutePath().normalize(), Hashing.sha256Hex(text));
    c.parse(new YamlValue(file.toString(), "", root));
    return c;
  }

  /** The most aliases a configuration may use; far above what a hand-written file needs. */
  static final int MAX_ALIASES = 50;

  /**
   * Parses YAML within limits: at most {@value #MAX_ALIASES} aliases (an alias bomb is refused
   * before any expansion), SnakeYAML's nesting-depth and size limits. Every error is one line
   * naming {@code file:line:column}.
   */
  static Node compose(Path file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    try {
      int aliases = 0;
      for (org.yaml.snakeyaml.events.Event e : new Yaml(new SafeConstructor(options))
          .parse(new java.io.StringReader(text))) {
        if (e instanceof org.yaml.snakeyaml.events.AliasEvent && ++aliases > MAX_ALIASES) {
          throw new IllegalArgumentException(where(file, e.getStartMark()) + ": uses more than "
              + MAX_ALIASES + " YAML aliases (*name); a configuration needs few, and many can expand "
              + "exponentially (an alias bomb); write the values out instead");
        }
      }
      try (Reader r = new java.io.StringReader(text)) {
        return new Yaml(new SafeConstructor(options)).compose(r);
      }
    } catch (MarkedYAMLException e) {
      org.yaml.snakeyaml.error.Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new IllegalArgumentException(where(file, m) + ": is not valid YAML: "
          + firstLine(e.getProblem()));
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new IllegalArgumentException(file + ":1:1: is not valid YAML or exceeds a limit: "
          + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String where(Path file, org.yaml.snakeyaml.error.Mark m) {
    return m == null ? file.toString() : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  private Path path(YamlValue v) {
    Path p = Path.of(v.nonBlank());
    return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
  }

  private static ProviderSpec provider(YamlValue v) {
    Map<String, YamlValue> m = v.mapping(PROVIDER);
    if (!m.containsKey("provider")) {
      throw v.error("needs a 'provider' name, e.g. {provider: caption-grounded}");
    }
    return new ProviderSpec(v.key(), m.get("provider").nonBlank(),
        m.containsKey("settings") ? m.get("settings").stringMap() : Map.of());
  }

  private void parse(YamlValue root) {
    Map<String, YamlValue> top = root.mapping(TOP);
    if (!top.containsKey("output")) {
      throw root.error("needs 'output', the folder the run writes into");
    }
    output = path(top.get("output"));
    if (top.containsKey("seed")) {
      seed = top.get("seed").integer(Long.MIN_VALUE);
    }
    if (top.containsKey("concurrency")) {
      concurrency = (int) Math.min(1024, top.get("concurrency").integer(1));
    }
    if (top.containsKey("inputs")) {
      top.get("inputs").mapping(Set.copyOf(VitalPipeline.INPUTS)).forEach((k, v) -> inputs.put(k, path(v)));
    }
    if (top.containsKey("generate")) {
      Map<String, YamlValue> g = top.get("generate").mapping(
          Set.of("generator", "sampling", "candidates-per-figure", "pricing"));
      if (g.containsKey("generator")) {
        generator = provider(g.get("generator"));
      }
      if (g.containsKey("candidates-per-figure")) {
        candidatesPerFigure = (int) Math.min(Integer.MAX_VALUE, g.get("candidates-per-figure").integer(1));
      }
      if (g.containsKey("sampling")) {
        Map<String, YamlValue> s = g.get("sampling").mapping(Set.of("strategy", "k", "n", "mix"));
        if (s.containsKey("strategy")) {
          sampling = s.get("strategy").oneOf(SAMPLING);
        }
        if (s.containsKey("k")) {
          samplingK = (int) Math.min(1000, s.get("k").integer(1));
        }
        if (s.containsKey("n")) {
          samplingN = (int) Math.min(1000, s.get("n").integer(1));
        }
        if (s.containsKey("mix")) {
          Set<String> domains = new java.util.HashSet<>();
          for (Domain d : Domain.values()) {
            domains.add(d.wireName());
          }
          s.get("mix").mapping(domains).forEach((k, v) ->
              samplingMix.put(Domain.fromWireName(k).orElseThrow(), v.number(0, 1e9, false)));
        }
      }
      if (g.containsKey("pricing")) {
        Map<String, YamlValue> p = g.get("pricing").mapping(Set.of("input-per-million", "output-per-million"));
        if (p.containsKey("input-per-million")) {
          inputPerMillion = p.get("input-per-million").number(0, 1e6, false);
        }
        if (p.containsKey("output-per-million")) {
          outputPerMillion = p.get("output-per-million").number(0, 1e6, false);
        }
      }
    }
    if (top.containsKey("judge")) {
      Map<String, YamlValue> j = top.get("judge").mapping(Set.of("judge"));
      if (j.containsKey("judge")) {
        judge = provider(j.get("judge"));
      }
    }
    if (top.containsKey("pairs")) {
      Map<String, YamlValue> p = top.get("pairs").mapping(Set.of("human-weight",
          "clinician-validation", "model-train-pairs", "model-test-pairs", "same-figure"));
      if (p.containsKey("human-weight")) {
        humanWeight = p.get("human-weight").number(0, 1e9, true);
      }
      if (p.containsKey("clinician-validation")) {
        clinicianValidation = p.get("clinician-validation").number(0, 0.9, false);
      }
      if (p.containsKey("model-train-pairs")) {
        modelTrainPairs = (int) Math.min(10_000_000, p.get("model-train-pairs").integer(0));
      }
      if (p.containsKey("model-test-pairs")) {
        modelTestPairs = (int) Math.min(10_000_000, p.get("model-test-pairs").integer(0));
      }
      if (p.containsKey("same-figure")) {
        sameFigure = p.get("same-figure").oneOf(List.of("true", "false")).equals("true");
      }
    }
    if (top.containsKey("max-failure-rate")) {
      maxFailureRate = top.get("max-failure-rate").number(0, 1, false);
    }
    if (top.containsKey("train")) {
      Map<String, YamlValue> t = top.get("train").mapping(Set.of("embedder", "scorer", "sweep"));
      if (t.containsKey("embedder")) {
        embedder = provider(t.get("embedder"));
      }
      if (t.containsKey("scorer")) {
        scorer = provider(t.get("scorer"));
      }
      if (t.containsKey("sweep")) {
        for (YamlValue w : t.get("sweep").list()) {
          sweep.add(w.number(0, 1e9, true));
        }
      }
    }
    if (top.containsKey("score")) {
      Map<String, YamlValue> s = top.get("score").mapping(Set.of("batch-size"));
      if (s.containsKey("batch-size")) {
        batchSize = (int) Math.min(1_000_000, s.get("batch-size").integer(1));
      }
    }
    if (top.containsKey("select")) {
      Map<String, YamlValue> s = top.get("select").mapping(Set.of("selectors"));
      if (s.containsKey("selectors")) {
        for (YamlValue v : s.get("selectors").list()) {
          selectors.add(provider(v));
        }
      }
    }
    if (top.containsKey("tune")) {
      Map<String, YamlValue> t = top.get("tune").mapping(Set.of("runner", "stage", "base-model", "parameters"));
      if (t.containsKey("runner")) {
        runner = provider(t.get("runner"));
      }
      if (t.containsKey("stage")) {
        tuningStage = Integer.parseInt(t.get("stage").oneOf(List.of("1", "2")));
      }
      if (t.containsKey("base-model")) {
        baseModel = t.get("base-model").isNull() ? "" : t.get("base-model").string();
      }
      if (t.containsKey("parameters")) {
        parameters.putAll(t.get("parameters").stringMap());
      }
    }
    if (top.containsKey("evaluate")) {
      evaluate = provider(top.get("evaluate"));
    }
    if (top.containsKey("report")) {
      report = provider(top.get("report"));
    }
    if (top.containsKey("run")) {
      Map<String, YamlValue> r = top.get("run").mapping(Set.of("from", "to", "skip", "provide"));
      if (r.containsKey("from")) {
        from = r.get("from").oneOf(VitalPipeline.STAGES);
      }
      if (r.containsKey("to")) {
        to = r.get("to").oneOf(VitalPipeline.STAGES);
      }
      if (r.containsKey("skip")) {
        for (YamlValue v : r.get("skip").list()) {
          skip.add(v.oneOf(VitalPipeline.STAGES));
        }
      }
      if (r.containsKey("provide")) {
        r.get("provide").mapping(Set.copyOf(VitalPipeline.STAGES)).forEach((stage, v) -> {
          List<Path> paths = new ArrayList<>();
          if (v.isNull()) {
            throw v.error("must name the output file(s) handed in for stage '" + stage + "'");
          }
          if (v.isList()) {
            for (YamlValue p : v.list()) {
              paths.add(path(p));
            }
          } else {
            paths.add(path(v));
          }
          provide.put(stage, paths);
        });
      }
    }
  }

  /** The configured inputs by name ({@link VitalPipeline#INPUTS}), resolved to absolute paths. */
  public Map<String, Path> inputs() {
    return java.util.Collections.unmodifiableMap(inputs);
  }

  /** Candidates per figure of the generate stage. */
  public int candidatesPerFigure() {
    return candidatesPerFigure;
  }

  /**
   * The provider name configured for a role: {@code generator}, {@code judge}, {@code embedder},
   * {@code scorer}, {@code runner}, {@code evaluate} or {@code report}; empty when not configured.
   */
  public java.util.Optional<String> provider(String role) {
    ProviderSpec spec = switch (role) {
      case "generator" -> generator;
      case "judge" -> judge;
      case "embedder" -> embedder;
      case "scorer" -> scorer;
      case "runner" -> runner;
      case "evaluate" -> evaluate;
      case "report" -> report;
      default -> throw new IllegalArgumentException("no provider role '" + role + "'; the roles are "
          + "generator, judge, embedder, scorer, runner, evaluate, report");
    };
    return java.util.Optional.ofNullable(spec).map(ProviderSpec::provider);
  }

  /** The configuration file. */
  public Path file() {
    return file;
  }

  /** The run's output folder. */
  public Path output() {
    return output;
  }

  /**
   * A pipeline builder with every stage implementation created by provider name, over the range of
   * stages of the file's {@code run.from} / {@code run.to}.
   *
   * @throws org.biomedvital.ProviderNotFoundException when a named provider is not on the class
   *     path (the message lists the available ones)
   * @throws IllegalArgumentException when a provider rejects its settings
   */
  public VitalPipeline.Builder toBuilder() {
    return toBuilder(null, null);
  }

  /**
   * A pipeline builder for the stages from {@code fromStage} to {@code toStage} (null: the file's
   * {@code run.from} / {@code run.to}, else the first / last stage). Only the providers of stages in
   * that range are created, so a run can stop before a stage whose provider is not installed.
   *
   * @throws IllegalArgumentException when a stage name is unknown or a provider rejects its settings
   * @throws org.biomedvital.ProviderNotFoundException when a provider of a stage in range is missing
   */
  public VitalPipeline.Builder toBuilder(String fromStage, String toStage) {
    return new ConfigAssembler(this).builder(fromStage, toStage);
  }
}
