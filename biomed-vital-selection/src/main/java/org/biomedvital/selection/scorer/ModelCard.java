package org.biomedvital.selection.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.clinical.ConsistencyFeatures;

/**
 * What a saved scorer is: the embedder it needs, its hyper-parameters, the data it learnt from (file
 * hashes and dataset statistics) and its metrics. Written as {@code model-card.json} next to the DJL
 * parameters.
 *
 * @param embedderId the embedder's {@link org.biomedvital.model.Embedder#id()}
 * @param embedderSpec how to recreate the embedder ({@code minilm}, {@code hashing:256}, {@code onnx:PATH})
 * @param inputDimension the feature length
 * @param config the hyper-parameters
 * @param epochsRun the epochs trained (fewer than configured after early stopping)
 * @param bestEpoch the epoch whose parameters were kept
 * @param dataset dataset statistics (pairs, human share, ...)
 * @param trainingFiles file name to SHA-256 of the files the pairs came from
 * @param finalMetrics the kept epoch's validation metrics
 * @param history every epoch's metrics
 */
public record ModelCard(
    String embedderId,
    String embedderSpec,
    int inputDimension,
    ScorerConfig config,
    int epochsRun,
    int bestEpoch,
    Map<String, Double> dataset,
    Map<String, String> trainingFiles,
    Map<String, Double> finalMetrics,
    List<EpochMetrics> history) {
  /** The card file name. */
  public static final String FILE_NAME = "model-card.json";
  /** The card format version. */
  public static final int FORMAT_VERSION = 1;

  /** Validates and copies. */
  public ModelCard {
    Objects.requireNonNull(embedderId, "embedderId == null");
    Objects.requireNonNull(embedderSpec, "embedderSpec == null");
    Objects.requireNonNull(config, "config == null");
    dataset = Map.copyOf(dataset);
    trainingFiles = Map.copyOf(trainingFiles);
    finalMetrics = Map.copyOf(finalMetrics);
    history = List.copyOf(history);
  }

  /** The card as pretty-printed JSON. */
  public String toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("format_version", FORMAT_VERSION);
    n.put("kind", "biomed-vital mlp scorer (DJL PyTorch)");
    ObjectNode e = n.putObject("embedder");
    e.put("id", embedderId);
    e.put("spec", embedderSpec);
    e.put("dimension", config.textMode().embedderLength(inputDimension - config.clinicalFeatureLength()));
    n.put("input_dimension", inputDimension);
    n.put("text_mode", config.textMode().name().toLowerCase(java.util.Locale.ROOT));
    n.put("clinical_features", config.clinicalFeatures());
    if (config.clinicalFeatureLength() > 0) {
      ArrayNode names = n.putArray("clinical_feature_names");
      ConsistencyFeatures.names().forEach(names::add);
      try {
        n.set("clinical_learning_check", Json.mapper().readTree(ConsistencyFeatures.learningCheckJson()));
      } catch (IOException ex) {
        throw new VitalIoException(Path.of(ConsistencyFeatures.LEARNING_CHECK_RESOURCE),
            "bad resource " + ConsistencyFeatures.LEARNING_CHECK_RESOURCE, ex);
      }
    }
    n.put("loss", config.loss().wireName());
    ArrayNode h = n.putArray("hidden_layers");
    config.hidden().forEach(h::add);
    n.put("learning_rate", config.learningRate());
    n.put("epochs", config.epochs());
    n.put("batch_size", config.batchSize());
    n.put("seed", config.seed());
    n.put("patience", config.patience());
    n.put("device", config.device().wireName());
    n.put("scoring_batch_size", config.scoringBatchSize());
    n.put("epochs_run", epochsRun);
    n.put("best_epoch", bestEpoch);
    putDoubles(n.putObject("dataset"), dataset);
    ObjectNode files = n.putObject("training_files");
    new java.util.TreeMap<>(trainingFiles).forEach(files::put);
    putDoubles(n.putObject("final_metrics"), finalMetrics);
    ArrayNode hist = n.putArray("history");
    for (EpochMetrics m : history) {
      ObjectNode en = hist.addObject();
      en.put("epoch", m.epoch());
      en.put("train_loss", m.trainLoss());
      putDoubles(en.putObject("metrics"), m.metrics());
    }
    return n.toPrettyString();
  }

  private static void putDoubles(ObjectNode n, Map<String, Double> values) {
    new java.util.TreeMap<>(values).forEach(n::put);
  }

  /** Writes the card into {@code dir} (temp file + atomic move). */
  public void write(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".model-card", ".tmp");
      Files.writeString(tmp, toJson());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code model-card.json} from {@code dir}.
   *
   * @throws InvalidDataException when it is missing or malformed
   */
  public static ModelCard read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    JsonNode n;
    try {
      n = Json.mapper().readTree(Files.readString(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null,
          "does not exist; is " + dir + " a folder written by train-scorer?", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
    try {
      if (n.path("format_version").asInt() != FORMAT_VERSION) {
        throw new IllegalArgumentException("format_version must be " + FORMAT_VERSION);
      }
      List<Integer> hidden = new ArrayList<>();
      n.path("hidden_layers").forEach(x -> hidden.add(x.asInt()));
      ScorerConfig config = ScorerConfig.builder()
          .textMode(TextMode.valueOf(n.path("text_mode").asText("full").toUpperCase(java.util.Locale.ROOT)))
          .loss(PairLoss.parse(n.path("loss").asText()))
          .hidden(hidden)
          .learningRate(n.path("learning_rate").asDouble())
          .epochs(n.path("epochs").asInt())
          .batchSize(n.path("batch_size").asInt())
          .seed(n.path("seed").asLong())
          .patience(n.path("patience").asInt())
          .device(ScorerDevice.parse(n.path("device").asText("auto")))
          .scoringBatchSize(n.path("scoring_batch_size").asInt(ScorerConfig.DEFAULT_SCORING_BATCH))
          // cards written before the clinical features existed describe scorers without them
          .clinicalFeatures(n.path("clinical_features").asBoolean(false))
          .build();
      List<EpochMetrics> history = new ArrayList<>();
      for (JsonNode en : n.path("history")) {
        history.add(new EpochMetrics(en.path("epoch").asInt(), en.path("train_loss").asDouble(),
            doubles(en.path("metrics"))));
      }
      Map<String, String> files = new LinkedHashMap<>();
      n.path("training_files").properties().forEach(f -> files.put(f.getKey(), f.getValue().asText()));
      JsonNode e = n.path("embedder");
      if (!e.path("id").isTextual()) {
        throw new IllegalArgumentException("embedder.id is missing");
      }
      return new ModelCard(e.path("id").asText(), e.path("spec").asText(e.path("id").asText()),
          n.path("input_dimension").asInt(e.path("dimension").asInt()), config, n.path("epochs_run").asInt(), n.path("best_epoch").asInt(),
          doubles(n.path("dataset")), files, doubles(n.path("final_metrics")), history);
    } catch (RuntimeException ex) {
      throw new InvalidDataException(file.toString(), 0, null,
          "is not a valid model card: " + ex.getMessage(), ex);
    }
  }

  private static Map<String, Double> doubles(JsonNode n) {
    Map<String, Double> m = new LinkedHashMap<>();
    n.properties().forEach(f -> m.put(f.getKey(), f.getValue().asDouble()));
    return m;
  }
}
