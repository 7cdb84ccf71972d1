package org.biomedvital.selection.provider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.embed.EmbedderSpecs;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.PairLoss;
import org.biomedvital.selection.scorer.ScorerConfig;
import org.biomedvital.selection.scorer.ScorerDevice;
import org.biomedvital.selection.scorer.TextMode;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.TrainableScorerProvider;

/**
 * The clinician-aligned DJL scorer ({@link MlpScorer}) as provider {@code djl-mlp}. Settings:
 * {@code embedder} (an embedder spec: {@code minilm}, {@code hashing}, {@code hashing:DIM},
 * {@code onnx:PATH}; default {@code minilm}), {@code loss} ({@code bt} or {@code hinge}),
 * {@code text-mode} ({@code full}, {@code joined} or {@code compat}), {@code hidden} (e.g.
 * {@code 512,512}), {@code learning-rate}, {@code epochs}, {@code batch-size}, {@code seed},
 * {@code patience}, {@code device}; and {@code load}: a folder a trained scorer was saved to, which
 * makes the provider load it instead of creating an untrained one.
 *
 * <p>The created scorer owns its embedder and closes it with itself. Registered both as a trainable
 * scorer ({@code Providers.trainableScorer("djl-mlp", ...)}) and as a selection scorer.
 */
public final class MlpScorerProvider extends DeclaredProvider<SelectionScorer>
    implements TrainableScorerProvider {
  /** Does nothing; {@link #create} builds the scorer. */
  public MlpScorerProvider() {
    super("djl-mlp", Set.of("embedder", "loss", "text-mode", "hidden", "learning-rate", "epochs",
        "batch-size", "seed", "patience", "device", "clinical-features", "load"),
        "the clinician-aligned MLP scorer trained with DJL PyTorch (settings: embedder, loss, "
        + "text-mode, hidden, learning-rate, epochs, batch-size, seed, patience, device, clinical-features, load)");
  }

  @Override
  public TrainableScorer create(ProviderSettings settings) {
    String spec = settings.get("embedder").orElse("minilm");
    Optional<Path> load = settings.pathValue("load");
    ScorerConfig config = config(settings);
    Embedder embedder = EmbedderSpecs.create(spec);
    try {
      MlpScorer scorer = load.isPresent()
          ? MlpScorer.load(load.get(), embedder, null)
          : MlpScorer.builder().embedder(embedder).embedderSpec(spec).config(config).build();
      return new Owning(scorer, embedder);
    } catch (RuntimeException e) {
      closeQuietly(embedder);
      throw e;
    }
  }

  /**
   * The scorer configuration of these settings (loss, text-mode, hidden, learning-rate, epochs,
   * batch-size, seed, patience, device), for callers that build the {@link MlpScorer} themselves.
   */
  public static ScorerConfig config(ProviderSettings s) {
    ScorerConfig.Builder b = ScorerConfig.builder();
    s.get("loss").ifPresent(v -> b.loss(loss(v)));
    s.get("text-mode").ifPresent(v -> b.textMode(textMode(v)));
    s.get("hidden").ifPresent(v -> b.hidden(hidden(v)));
    if (s.get("learning-rate").isPresent()) {
      b.learningRate(s.doubleValue("learning-rate", ScorerConfig.DEFAULT_LEARNING_RATE));
    }
    b.epochs(s.intValue("epochs", ScorerConfig.DEFAULT_EPOCHS));
    b.batchSize(s.intValue("batch-size", ScorerConfig.DEFAULT_BATCH_SIZE));
    b.seed(s.longValue("seed", ScorerConfig.DEFAULT_SEED));
    b.patience(s.intValue("patience", ScorerConfig.DEFAULT_PATIENCE));
    s.get("device").ifPresent(v -> b.device(device(v)));
    s.get("clinical-features").ifPresent(v -> {
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("setting 'clinical-features' must be true or false but was '" + v + "'");
      }
      b.clinicalFeatures(Boolean.parseBoolean(v));
    });
    return b.build();
  }

  private static PairLoss loss(String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "bt":
      case "bradley-terry":
        return PairLoss.BRADLEY_TERRY;
      case "hinge":
        return PairLoss.HINGE;
      default:
        throw new IllegalArgumentException("setting 'loss' must be bt or hinge but was '" + v + "'");
    }
  }

  private static ScorerDevice device(String v) {
    try {
      return ScorerDevice.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting 'device' must be auto, cpu or gpu but was '" + v + "'", e);
    }
  }

  private static TextMode textMode(String v) {
    try {
      return TextMode.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "setting 'text-mode' must be full, joined or compat but was '" + v + "'", e);
    }
  }

  private static List<Integer> hidden(String v) {
    List<Integer> out = new ArrayList<>();
    for (String part : v.split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "setting 'hidden' must be layer widths such as 512,512 but was '" + v + "'", e);
      }
    }
    return out;
  }

  private static void closeQuietly(Embedder embedder) {
    if (embedder instanceof AutoCloseable) {
      try {
        ((AutoCloseable) embedder).close();
      } catch (Exception ignored) {
        // Nothing useful to do: the embedder failed to release native memory it may not hold.
      }
    }
  }

  /** The scorer plus the embedder it owns. */
  private static final class Owning implements TrainableScorer {
    private final MlpScorer scorer;
    private final Embedder embedder;

    Owning(MlpScorer scorer, Embedder embedder) {
      this.scorer = scorer;
      this.embedder = embedder;
    }

    @Override
    public TrainingReport fit(PreferenceDataset dataset, TrainingListener listener) {
      return scorer.fit(dataset, listener);
    }

    @Override
    public void save(Path dir) {
      scorer.save(dir);
    }

    @Override
    public double score(InstructionSample sample) {
      return scorer.score(sample);
    }

    @Override
    public double[] scoreAll(List<InstructionSample> samples) {
      return scorer.scoreAll(samples);
    }

    @Override
    public void close() {
      try {
        scorer.close();
      } finally {
        closeQuietly(embedder);
      }
    }

    @Override
    public String toString() {
      return scorer.toString();
    }
  }
}
