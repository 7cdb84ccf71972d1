package org.biomedvital.tuning;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * One tuning run: which stage, on which data, from which model, into which folder, with which
 * hyper-parameters. Immutable; build with {@link #builder()}.
 */
public final class TuningJob {
  private final String name;
  private final int stage;
  private final Path data;
  private final Path imageFolder;
  private final Path outputDir;
  private final String baseModel;
  private final Map<String, String> parameters;
  private final boolean resume;

  private TuningJob(Builder b) {
    this.name = b.name;
    this.stage = b.stage;
    this.data = b.data;
    this.imageFolder = b.imageFolder;
    this.outputDir = b.outputDir;
    this.baseModel = b.baseModel;
    this.parameters = Map.copyOf(b.parameters);
    this.resume = b.resume;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this job's values. */
  public Builder toBuilder() {
    Builder b = new Builder().name(name).stage(stage).data(data).imageFolder(imageFolder)
        .outputDir(outputDir).baseModel(baseModel).resume(resume);
    b.parameters.putAll(parameters);
    return b;
  }

  /** The run name. */
  public String name() {
    return name;
  }

  /** 1 (concept alignment) or 2 (instruction tuning). */
  public int stage() {
    return stage;
  }

  /** The training data file (LLaVA JSON). */
  public Path data() {
    return data;
  }

  /** The folder the data's image names are relative to. */
  public Path imageFolder() {
    return imageFolder;
  }

  /** Where checkpoints and logs go. */
  public Path outputDir() {
    return outputDir;
  }

  /** The model to start from: a path or a hub id. */
  public String baseModel() {
    return baseModel;
  }

  /** Extra hyper-parameters by name (e.g. {@code learning_rate}), as strings. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** Whether to resume from the latest checkpoint in the output folder. */
  public boolean resume() {
    return resume;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TuningJob)) {
      return false;
    }
    TuningJob j = (TuningJob) o;
    return name.equals(j.name) && stage == j.stage && data.equals(j.data)
        && imageFolder.equals(j.imageFolder) && outputDir.equals(j.outputDir)
        && baseModel.equals(j.baseModel) && parameters.equals(j.parameters) && resume == j.resume;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, stage, data, imageFolder, outputDir, baseModel, parameters, resume);
  }

  @Override
  public String toString() {
    return "TuningJob{" + name + ", stage " + stage + ", data=" + data + ", out=" + outputDir + "}";
  }

  /** Builds {@link TuningJob}s; data, image folder and output folder are required. */
  public static final class Builder {
    private String name = "biomed-vital";
    private int stage = 2;
    private Path data;
    private Path imageFolder;
    private Path outputDir;
    private String baseModel = "";
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private boolean resume;

    private Builder() {}

    /** The run name; default {@code biomed-vital}. */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /** The stage, 1 or 2; default 2. */
    public Builder stage(int stage) {
      Checks.checkArgument(stage == 1 || stage == 2, "stage must be 1 or 2 but was %d", stage);
      this.stage = stage;
      return this;
    }

    /** The training data file (required). */
    public Builder data(Path data) {
      this.data = Objects.requireNonNull(data, "data == null");
      return this;
    }

    /** The image folder (required). */
    public Builder imageFolder(Path imageFolder) {
      this.imageFolder = Objects.requireNonNull(imageFolder, "imageFolder == null");
      return this;
    }

    /** The output folder (required). */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir == null");
      return this;
    }

    /** The base model path or id; default empty (the runner's own). */
    public Builder baseModel(String baseModel) {
      this.baseModel = Objects.requireNonNull(baseModel, "baseModel == null");
      return this;
    }

    /** Sets one hyper-parameter. */
    public Builder parameter(String key, String value) {
      parameters.put(Checks.notBlank(key, "key"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Whether to resume; default false. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Builds the job. @throws IllegalStateException when a required field is missing */
    public TuningJob build() {
      Checks.checkState(data != null, "data is required; call data(...)");
      Checks.checkState(imageFolder != null, "imageFolder is required; call imageFolder(...)");
      Checks.checkState(outputDir != null, "outputDir is required; call outputDir(...)");
      return new TuningJob(this);
    }
  }
}
