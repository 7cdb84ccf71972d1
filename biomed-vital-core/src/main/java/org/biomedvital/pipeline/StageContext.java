package org.biomedvital.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.InvalidDataException;

/**
 * What a running stage sees: where its inputs and outputs are, the run's settings and seed, a
 * progress reporter, and objects shared with the stages of the same run (such as a scorer trained
 * by an earlier stage).
 *
 * <p>Not thread-safe except for {@link #progress}, which any worker thread may call.
 */
public final class StageContext {
  private final String stage;
  private final Path outputDir;
  private final Map<String, Path> inputs;
  private final Map<String, Path> provided;
  private final Map<String, String> settings;
  private final long seed;
  private final Map<String, Object> shared;
  private final PipelineListener listener;
  private final long startNanos = System.nanoTime();

  StageContext(String stage, Path outputDir, Map<String, Path> inputs, Map<String, Path> provided,
      Map<String, String> settings, long seed, Map<String, Object> shared,
      PipelineListener listener) {
    this.stage = stage;
    this.outputDir = outputDir;
    this.inputs = inputs;
    this.provided = provided;
    this.settings = settings;
    this.seed = seed;
    this.shared = shared;
    this.listener = listener;
  }

  /** The running stage's name. */
  public String stage() {
    return stage;
  }

  /** The run's output folder. */
  public Path outputDir() {
    return outputDir;
  }

  /**
   * The path of a logical name: a pipeline input ({@code figures}), an output a user handed in, or
   * a path under the output folder ({@code candidates.jsonl}).
   */
  public Path path(String name) {
    Objects.requireNonNull(name, "name == null");
    Path p = inputs.get(name);
    if (p == null) {
      p = provided.get(name);
    }
    return p != null ? p : outputDir.resolve(name);
  }

  /** Whether {@code name} was configured as a pipeline input or handed in. */
  public boolean has(String name) {
    return inputs.containsKey(name) || provided.containsKey(name)
        || Files.exists(outputDir.resolve(name));
  }

  /**
   * The path of a logical name that must exist.
   *
   * @throws InvalidDataException naming the path and how to produce it
   */
  public Path existing(String name) {
    Path p = path(name);
    if (!Files.exists(p)) {
      throw new InvalidDataException(p.toString(), 0, null,
          "is needed by stage '" + stage + "' (as '" + name + "') but does not exist; "
              + "run the stage that writes it or hand it in");
    }
    return p;
  }

  /** The pipeline input {@code name}, if one was configured. */
  public Optional<Path> input(String name) {
    return Optional.ofNullable(inputs.get(name));
  }

  /** The run's settings, as recorded in the manifest. */
  public Map<String, String> settings() {
    return settings;
  }

  /** The run's seed. */
  public long seed() {
    return seed;
  }

  /** Shares an object with later stages of this run (not persisted). */
  public void share(String key, Object value) {
    shared.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
  }

  /** An object an earlier stage of this run shared, if any. */
  public <T> Optional<T> shared(String key, Class<T> type) {
    Object v = shared.get(key);
    return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
  }

  /** Reports progress: {@code done} of {@code total} items (0 when unknown). */
  public void progress(long done, long total) {
    progress(done, total, 0, 0);
  }

  /** Reports progress with failures and spend so far. */
  public void progress(long done, long total, long failed, double spendUsd) {
    listener.onProgress(new StageProgress(stage, done, total, failed, spendUsd,
        Duration.ofNanos(System.nanoTime() - startNanos)));
  }
}
