package org.biomedvital.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a list of named {@link Stage}s in order over one output folder, resuming: a stage whose
 * outputs are complete (recorded in {@code run-manifest.json}, unchanged, and made from the same
 * inputs) is skipped; a stage a user handed outputs in for is not run; a failing stage stops the run
 * and leaves every earlier output as it was.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder()
 *     .outputDir(Path.of("run"))
 *     .input("figures", Path.of("figures.json"))
 *     .stage(Stage.of("count", List.of("figures"), List.of("count.txt"), ctx -> ...))
 *     .build();
 * p.run(PipelineListener.NONE);
 * }</pre>
 *
 * <p>One process should run a given output folder at a time.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** The default run seed. */
  public static final long DEFAULT_SEED = 42L;

  private final Path outputDir;
  private final List<Stage> stages;
  private final Map<String, Path> inputs;
  private final Map<String, List<Path>> provided;
  private final Set<String> skipped;
  private final Map<String, String> settings;
  private final Map<String, String> versions;
  private final long seed;
  private final String from;
  private final String to;

  private Pipeline(Builder b) {
    this.outputDir = b.outputDir.toAbsolutePath().normalize();
    this.stages = List.copyOf(b.stages);
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.provided = Collections.unmodifiableMap(new LinkedHashMap<>(b.provided));
    this.skipped = Set.copyOf(b.skipped);
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.versions = Collections.unmodifiableMap(new LinkedHashMap<>(b.versions));
    this.seed = b.seed;
    this.from = b.from;
    this.to = b.to;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every setting of this pipeline (the output folder as an absolute path);
   * {@code toBuilder().build()} runs the same stages. Stage actions are shared, not copied.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.outputDir = outputDir;
    b.stages.addAll(stages);
    b.inputs.putAll(inputs);
    b.provided.putAll(provided);
    b.skipped.addAll(skipped);
    b.settings.putAll(settings);
    b.versions.putAll(versions);
    b.seed = seed;
    b.from = from;
    b.to = to;
    return b;
  }

  /** The stages, in run order. */
  public List<Stage> stages() {
    return stages;
  }

  /** The output folder. */
  public Path outputDir() {
    return outputDir;
  }

  /** The manifest file this pipeline writes. */
  public Path manifestFile() {
    return outputDir.resolve(RunManifest.FILE_NAME);
  }

  /**
   * Runs the stages from {@code from} to {@code to} (all by default), resuming.
   *
   * @return the stages that ran, in order
   * @throws VitalException when a stage fails (the manifest records it; earlier outputs stay)
   * @throws IllegalStateException when a stage in range has no implementation
   */
  public List<String> run(PipelineListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    try {
      Files.createDirectories(outputDir);
    } catch (java.io.IOException e) {
      throw new VitalIoException(outputDir,
          "cannot create output folder " + outputDir + ": " + e.getMessage(), e);
    }
    int first = from == null ? 0 : indexOf(from);
    int last = to == null ? stages.size() - 1 : indexOf(to);
    Checks.checkArgument(first <= last,
        "--from stage '%s' comes after --to stage '%s'; the order is %s", from, to, names());
    Map<String, Path> providedPaths = providedPaths();
    RunManifest manifest = RunManifest.load(outputDir);
    // Pipeline inputs do not change during a run: list their folders once.
    Fingerprints.Cache cache = new Fingerprints.Cache(inputs.values());
    manifest.begin(settings, versions, inputs, names(), cache);
    manifest.write();
    Map<String, Object> shared = new HashMap<>();
    try {
      return runStages(listener, first, last, providedPaths, manifest, shared, cache);
    } finally {
      for (Object o : shared.values()) {
        if (o instanceof AutoCloseable) {
          try {
            ((AutoCloseable) o).close();
          } catch (Exception e) {
            LOG.warn("cannot close {}: {}", o, e.toString());
          }
        }
      }
    }
  }

  private List<String> runStages(PipelineListener listener, int first, int last,
      Map<String, Path> providedPaths, RunManifest manifest, Map<String, Object> shared,
      Fingerprints.Cache cache) {
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      String name = stage.name();
      if (i < first || i > last) {
        String reason = i < first ? "before --from" : "after --to";
        manifest.markSkipped(name, reason);
        listener.onStageSkipped(name, reason);
        continue;
      }
      Map<String, Path> outputs = outputPaths(stage, providedPaths);
      if (provided.containsKey(name)) {
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
          if (!Files.exists(o.getValue())) {
            throw new InvalidDataException(o.getValue().toString(), 0, null,
                "was handed in as output '" + o.getKey() + "' of stage '" + name
                    + "' but does not exist; check the path");
          }
        }
        manifest.markComplete(name, "provided", Map.of(), outputs, StageResult.EMPTY, Duration.ZERO,
            cache);
        manifest.write();
        listener.onStageSkipped(name, "provided");
        continue;
      }
      if (skipped.contains(name)) {
        manifest.markSkipped(name, "skipped");
        manifest.write();
        listener.onStageSkipped(name, "skipped");
        continue;
      }
      Map<String, String> inputFingerprints = inputFingerprints(stage, providedPaths, cache);
      boolean forced = from != null && i == first;
      if (!forced && manifest.isComplete(name, inputFingerprints, outputs, cache)) {
        LOG.info("stage {}: complete, skipping", name);
        listener.onStageSkipped(name, "complete");
        continue;
      }
      if (stage.action() == null) {
        throw new IllegalStateException("stage '" + name + "' has no implementation; configure it, "
            + "skip it, hand in its output, or stop the run before it with --to");
      }
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      manifest.markRunning(name, started);
      manifest.write();
      listener.onStageStart(name, i, stages.size());
      LOG.info("stage {}: started", name);
      StageContext ctx = new StageContext(name, outputDir, inputs, providedPaths, settings, seed,
          shared, listener);
      StageResult result;
      try {
        result = Objects.requireNonNull(stage.action().run(ctx),
            () -> "stage '" + name + "' returned no result");
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
          if (!Files.exists(o.getValue())) {
            throw new VitalException("stage '" + name + "' finished but did not write its output '"
                + o.getKey() + "' (" + o.getValue() + "); this is a bug in the stage");
          }
        }
      } catch (RuntimeException e) {
        manifest.markFailed(name, e.getMessage());
        manifest.write();
        listener.onStageFailed(name, e);
        LOG.warn("stage {}: failed: {}", name, e.getMessage());
        if (e instanceof VitalException || e instanceof IllegalArgumentException
            || e instanceof IllegalStateException) {
          throw e;
        }
        throw new VitalException("stage '" + name + "' failed: " + e, e);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
      // A stage whose failures stayed within its budget says so in its result ("outcome"); it is
      // not complete, so a rerun retries the failed items.
      String status = result.details().getOrDefault("outcome", "completed");
      manifest.markComplete(name, status.equals("completed_with_failures") ? status : "completed",
          inputFingerprints(stage, providedPaths, cache), outputs, result, elapsed, cache);
      manifest.write();
      listener.onStageFinish(name, result, elapsed);
      LOG.info("stage {}: finished in {} ms", name, elapsed.toMillis());
      ran.add(name);
    }
    return ran;
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    stages.forEach(s -> names.add(s.name()));
    return names;
  }

  private int indexOf(String name) {
    List<String> names = names();
    int i = names.indexOf(name);
    Checks.checkArgument(i >= 0, "no stage named '%s'; the stages are %s", name, names);
    return i;
  }

  /** Output logical name -> path handed in by the user. */
  private Map<String, Path> providedPaths() {
    Map<String, Path> out = new LinkedHashMap<>();
    provided.forEach((stageName, paths) -> {
      Stage stage = stages.stream().filter(s -> s.name().equals(stageName)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "cannot hand in outputs of '" + stageName + "': no such stage; the stages are " + names()));
      Checks.checkArgument(paths.size() == stage.outputs().size(),
          "stage '%s' writes %d output(s) %s but %d path(s) were handed in",
          stageName, stage.outputs().size(), stage.outputs(), paths.size());
      for (int i = 0; i < paths.size(); i++) {
        out.put(stage.outputs().get(i), paths.get(i).toAbsolutePath().normalize());
      }
    });
    return out;
  }

  private Map<String, Path> outputPaths(Stage stage, Map<String, Path> providedPaths) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String o : stage.outputs()) {
      out.put(o, providedPaths.getOrDefault(o, outputDir.resolve(o)));
    }
    return out;
  }

  private Map<String, String> inputFingerprints(Stage stage, Map<String, Path> providedPaths,
      Fingerprints.Cache cache) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String in : stage.inputs()) {
      Path p = inputs.get(in);
      if (p == null) {
        p = providedPaths.getOrDefault(in, outputDir.resolve(in));
      }
      out.put(in, cache.of(p));
    }
    if (!stage.settings().isEmpty()) {
      out.put("@settings", org.biomedvital.internal.Hashing.sha256Hex(stage.settings()));
    }
    return out;
  }

  /** Builds {@link Pipeline}s; the output folder and at least one stage are required. */
  public static final class Builder {
    private Path outputDir;
    private final List<Stage> stages = new ArrayList<>();
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, List<Path>> provided = new LinkedHashMap<>();
    private final Set<String> skipped = new HashSet<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private long seed = DEFAULT_SEED;
    private String from;
    private String to;

    private Builder() {}

    /** The output folder (required). */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** Appends a stage; names must be unique. */
    public Builder stage(Stage stage) {
      Objects.requireNonNull(stage, "stage == null");
      Checks.checkArgument(stages.stream().noneMatch(s -> s.name().equals(stage.name())),
          "two stages are named '%s'", stage.name());
      stages.add(stage);
      return this;
    }

    /** Declares a pipeline input file or folder; its SHA-256 goes into the manifest. */
    public Builder input(String name, Path path) {
      inputs.put(Checks.notBlank(name, "name"), Objects.requireNonNull(path, "path == null"));
      return this;
    }

    /** Hands in the outputs of a stage (one path per declared output, in order): it will not run. */
    public Builder provide(String stage, List<Path> outputs) {
      Checks.notBlank(stage, "stage");
      provided.put(stage, List.copyOf(outputs));
      return this;
    }

    /** Skips a stage without outputs; later stages must not need them. */
    public Builder skip(String stage) {
      skipped.add(Checks.notBlank(stage, "stage"));
      return this;
    }

    /** Records a setting in the manifest and offers it to stages. */
    public Builder setting(String key, String value) {
      settings.put(Checks.notBlank(key, "key"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Records a library or model version in the manifest. */
    public Builder version(String name, String version) {
      versions.put(Checks.notBlank(name, "name"), Objects.requireNonNull(version, "version == null"));
      return this;
    }

    /** The run's seed; default {@value Pipeline#DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Starts at this stage, re-running it even if complete; null for the first. */
    public Builder from(String stage) {
      this.from = stage;
      return this;
    }

    /** Stops after this stage; null for the last. */
    public Builder to(String stage) {
      this.to = stage;
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalStateException when the output folder or the stages are missing, or a stage is
     *     both skipped and handed in
     * @throws IllegalArgumentException when from/to, skip or provide name an unknown stage
     */
    public Pipeline build() {
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      Checks.checkState(!stages.isEmpty(), "at least one stage is required; call stage(...)");
      List<String> names = new ArrayList<>();
      stages.forEach(s -> names.add(s.name()));
      for (String n : new String[] {from, to}) {
        Checks.checkArgument(n == null || names.contains(n),
            "no stage named '%s'; the stages are %s", n, names);
      }
      for (String n : skipped) {
        Checks.checkArgument(names.contains(n), "cannot skip '%s': no such stage; the stages are %s",
            n, names);
      }
      for (String n : provided.keySet()) {
        Checks.checkArgument(names.contains(n),
            "cannot hand in outputs of '%s': no such stage; the stages are %s", n, names);
        Checks.checkState(!skipped.contains(n), "stage '%s' is both skipped and handed in; a "
            + "handed-in stage does not run anyway: drop skip(\"%s\") or provide(\"%s\", ...)", n, n, n);
      }
      return new Pipeline(this);
    }
  }
}
