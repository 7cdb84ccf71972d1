package org.biomedvital.selection.scorer;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjDoubleConsumer;
import java.util.stream.Stream;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.internal.Hashing;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.scorer.internal.ScorerInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinician-aligned selection scorer: a candidate's text (see {@link TextMode}: by default the
 * figure's caption and mentions, with the image when an {@link ImageRoot} is given and the embedder
 * embeds images, and each Q/A pair), goes through the {@link Embedder}; an MLP head (default input
 * -> 512 -> 512 -> 1, ReLU) maps the vector to a score. The head is trained pairwise with DJL's PyTorch engine (CPU, or the GPU when present) on a {@link
 * PreferenceDataset}: Bradley-Terry loss by default, the official hinge-on-sigmoid as an option,
 * per-pair weights, Adam, early stopping on the validation pairs' loss (the best epoch's parameters
 * are kept).
 *
 * <h2>Usage</h2>
 *
 * <pre>{@code
 * try (MiniLmEmbedder embedder = MiniLmEmbedder.create();
 *     MlpScorer scorer = MlpScorer.builder().embedder(embedder).build()) {
 *   TrainingReport report = scorer.fit(dataset, TrainingListener.onEachEpoch(System.out::println));
 *   scorer.save(Path.of("scorer"));
 *   double s = scorer.score(candidate);
 * }
 * }</pre>
 *
 * <h2>Scores</h2>
 * Higher is better. With the Bradley-Terry loss the score is the head's raw output; with the hinge
 * loss it is the sigmoid of it, in (0, 1), as in the official code. Scoring is batched ({@link
 * ScorerConfig#scoringBatchSize()}) and {@link #scoreStream} scores any number of candidates in
 * bounded memory.
 *
 * <p>Thread-safe: calls are serialised. Owns native memory once used: close it (the embedder stays
 * open; the caller owns it). {@link Builder#build()} does no I/O and no native work: the embedder's
 * length is learned, and the PyTorch engine and model are created, on first use ({@link #fit},
 * {@link #load}, scoring, {@link #inputDimension()}, {@link #device()}).
 *
 * <p>The work is split by concern: {@code ScorerFeatures} builds feature rows from embeddings,
 * {@code MlpHead} owns the DJL model and its training loop, this class is the public face. It stays
 * over 400 lines because what is left is public API that must live here (the nested {@link
 * Builder} and {@link TextStats}, load/save, fit, the scoring entry points) and its documentation.
 */
public final class MlpScorer implements TrainableScorer {
  private static final Logger LOG = LoggerFactory.getLogger(MlpScorer.class);

  static {
    ScorerInternals.install(new ScorerInternals.Hooks() {
      @Override
      public TrainingReport fitFeatures(MlpScorer scorer, float[][] features, int[] chosen, int[] rejected,
          float[] weights, TrainingListener listener) {
        return scorer.fitFeatures(features, chosen, rejected, weights, listener);
      }

      @Override
      public double[] scoreFeatures(MlpScorer scorer, float[][] rows) {
        return scorer.scoreFeatures(rows);
      }
    });
  }

  private final Embedder embedder;
  private final String embedderSpec;
  private final ScorerConfig config;
  private final ImageRoot images;
  private final Map<String, String> trainingFiles;
  private final int memoTexts;
  private final ScorerFeatures features;
  private MlpHead head;
  private ModelCard card;
  private boolean ready;
  private boolean closed;

  private MlpScorer(Builder b) {
    this.embedder = b.embedder;
    this.embedderSpec = b.embedderSpec != null ? b.embedderSpec : b.embedder.id();
    this.config = b.config;
    this.images = b.images;
    this.trainingFiles = Map.copyOf(b.trainingFiles);
    this.memoTexts = b.memoTexts;
    this.features = new ScorerFeatures(embedder, config, images, memoTexts);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every setting of this scorer (embedder, embedder spec, configuration, image
   * folder, training files, remembered texts); the embedder is shared, not copied. What is built
   * from it is a new, untrained scorer.
   */
  public Builder toBuilder() {
    Builder b = new Builder().embedder(embedder).embedderSpec(embedderSpec).config(config).images(images);
    b.trainingFiles.putAll(trainingFiles);
    b.memoTexts = memoTexts;
    return b;
  }

  /**
   * Loads a scorer saved by {@link #save}. The embedder must be the one the card names (same id).
   *
   * @param images the image folder, or null to score text only
   * @throws IllegalArgumentException when the embedder is not the card's
   * @throws org.biomedvital.InvalidDataException when the folder holds no valid card or parameters
   */
  public static MlpScorer load(Path dir, Embedder embedder, ImageRoot images) {
    ModelCard card = ModelCard.read(dir);
    if (!card.embedderId().equals(embedder.id())) {
      throw new IllegalArgumentException("scorer in " + dir + " was trained with embedder '"
          + card.embedderId() + "' but '" + embedder.id() + "' was given; create it from spec '"
          + (card.embedderId().startsWith("all-minilm-l6-v2-q/") ? "minilm-int8" : card.embedderSpec())
          + "'");
    }
    MlpScorer s = builder().embedder(embedder).embedderSpec(card.embedderSpec()).config(card.config())
        .images(images).build();
    try {
      int dim = s.inputDimension();
      if (dim != card.inputDimension()) {
        throw new IllegalArgumentException("embedder gives " + dim + " dimensions but the scorer in "
            + dir + " expects " + card.inputDimension());
      }
      MlpHead head = s.head();
      try {
        head.load(dir);
      } catch (IOException | MalformedModelException | RuntimeException e) {
        throw new org.biomedvital.InvalidDataException(dir.toString(), 0, null,
            "cannot load the scorer parameters: " + e.getMessage(), e);
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    s.card = card;
    s.ready = true;
    return s;
  }

  /** The configuration. */
  public ScorerConfig config() {
    return config;
  }

  /** The embedder. */
  public Embedder embedder() {
    return embedder;
  }

  /**
   * The feature length: the embedder's length times {@link TextMode#featureLength}, plus the
   * clinical columns. The first call embeds {@code ""} to learn the embedder's length.
   */
  public int inputDimension() {
    return features.inputDimension();
  }

  /** The device the head runs on; the first call loads the engine. */
  public synchronized String device() {
    return head().device().toString();
  }

  /** The model card of the last {@link #fit} or {@link #load}; empty before either. */
  public java.util.Optional<ModelCard> card() {
    return java.util.Optional.ofNullable(card);
  }

  /** The head, loading the engine and allocating the model on the first call. */
  private synchronized MlpHead head() {
    checkOpen();
    if (head == null) {
      head = new MlpHead(config, features.inputDimension());
    }
    return head;
  }

  @Override
  public synchronized TrainingReport fit(PreferenceDataset dataset, TrainingListener listener) {
    Objects.requireNonNull(dataset, "dataset == null");
    Objects.requireNonNull(listener, "listener == null");
    checkOpen();
    if (dataset.train().isEmpty()) {
      throw new ScorerTrainingException("no training pairs; the scorer needs at least one preference pair");
    }
    MlpHead h = head();
    Map<InstructionSample, Integer> index = new LinkedHashMap<>();
    for (PreferencePair p : dataset.train()) {
      index.putIfAbsent(p.chosen(), index.size());
      index.putIfAbsent(p.rejected(), index.size());
    }
    for (PreferencePair p : dataset.validation()) {
      index.putIfAbsent(p.chosen(), index.size());
      index.putIfAbsent(p.rejected(), index.size());
    }
    List<InstructionSample> unique = new ArrayList<>(index.keySet());
    LOG.info("embedding {} distinct candidates of {} training and {} validation pairs with {}",
        unique.size(), dataset.train().size(), dataset.validation().size(), embedder.id());
    long t0 = System.nanoTime();
    float[][] rows = features.features(unique);
    LOG.info("embedded {} candidates in {} ms", unique.size(), (System.nanoTime() - t0) / 1_000_000);
    int n = dataset.train().size();
    int[] chosen = new int[n];
    int[] rejected = new int[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      PreferencePair p = dataset.train().get(i);
      chosen[i] = index.get(p.chosen());
      rejected[i] = index.get(p.rejected());
      weights[i] = (float) p.weight();
    }
    List<PreferencePair> validation = dataset.validation();
    TrainingReport report = h.train(rows, chosen, rejected, weights, validation, index, listener);
    ready = true;
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("train_pairs", (double) n);
    stats.put("validation_pairs", (double) validation.size());
    stats.put("human_share", dataset.humanShare());
    dataset.train().stream().filter(p -> p.source() == PreferenceSource.CLINICIAN)
        .mapToDouble(PreferencePair::weight).max().ifPresent(w -> stats.put("human_weight", w));
    card = new ModelCard(embedder.id(), embedderSpec, features.inputDimension(), config, report.epochs().size(),
        h.bestEpoch(), stats, trainingFiles, report.finalMetrics(), report.epochs());
    return report;
  }

  /**
   * Trains the head directly on feature rows: pair {@code i} prefers row {@code chosen[i]} over row
   * {@code rejected[i]} with weight {@code weights[i]}. No validation, no early stopping; for tests
   * and, through {@link ScorerInternals}, benchmarks. Every row must have {@link #inputDimension()}
   * values.
   */
  synchronized TrainingReport fitFeatures(
      float[][] rows, int[] chosen, int[] rejected, float[] weights, TrainingListener listener) {
    checkOpen();
    if (chosen.length != rejected.length || chosen.length != weights.length) {
      throw new IllegalArgumentException("chosen, rejected and weights must have the same length but had "
          + chosen.length + ", " + rejected.length + " and " + weights.length);
    }
    TrainingReport report = head().train(rows, chosen, rejected, weights, List.of(), Map.of(), listener);
    ready = true;
    return report;
  }

  /** Stage 1 of a {@link ScoringStream}: see {@link ScorerFeatures#plan}. */
  ScorerFeatures.Window plan(List<InstructionSample> samples) {
    return features.plan(samples);
  }

  /** Stage 2 of a {@link ScoringStream}: see {@link ScorerFeatures#embed}. */
  void embed(ScorerFeatures.Window w) {
    features.embed(w);
  }

  /** Stage 3 of a {@link ScoringStream}: the scores of an embedded window, in one large MLP batch per scoring batch. */
  double[] scoreWindow(ScorerFeatures.Window w) {
    float[][] rows = features.rows(w);
    synchronized (this) {
      checkReady();
      return head.score(rows);
    }
  }

  @Override
  public double score(InstructionSample sample) {
    return scoreAll(List.of(sample))[0];
  }

  /**
   * Scores candidates: each distinct text is embedded once (see {@link #textStats()}), the MLP runs
   * in batches of {@link ScorerConfig#scoringBatchSize()}. For many candidates {@link #openStream}
   * overlaps embedding and scoring.
   */
  @Override
  public synchronized double[] scoreAll(List<InstructionSample> samples) {
    checkReady();
    return scoreFeatures(features.features(samples));
  }

  /**
   * Scores precomputed feature rows (each {@link #inputDimension()} long, as the embedder would
   * give), in batches; for tests and, through {@link ScorerInternals}, benchmarks.
   */
  synchronized double[] scoreFeatures(float[][] rows) {
    checkReady();
    int dim = features.inputDimension();
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + dim);
      }
    }
    return head.score(rows);
  }

  /**
   * Opens a scoring stream: candidates {@linkplain ScoringStream#accept accepted} one at a time are
   * scored in windows of {@link ScorerConfig#scoringBatchSize()} by a bounded pipeline (this thread
   * reads and looks texts up, one thread embeds the distinct new texts, one runs the MLP), and each
   * candidate with its score reaches {@code sink} in input order, on the thread that calls {@code
   * accept} or {@code close}. Scores are the same as {@link #scoreAll}'s.
   */
  public ScoringStream openStream(ObjDoubleConsumer<InstructionSample> sink) {
    synchronized (this) {
      checkReady();
    }
    return new ScoringStream(this, config.scoringBatchSize(), Objects.requireNonNull(sink, "sink == null"));
  }

  /**
   * Scores candidates as they come through {@link #openStream}, a few windows in memory at a time,
   * handing each candidate and its score to {@code sink} in input order.
   */
  public void scoreStream(Iterator<InstructionSample> candidates, ObjDoubleConsumer<InstructionSample> sink) {
    try (ScoringStream stream = openStream(sink)) {
      while (candidates.hasNext()) {
        stream.accept(candidates.next());
      }
    }
  }

  /** {@link #scoreStream(Iterator, ObjDoubleConsumer)} over a stream. */
  public void scoreStream(Stream<InstructionSample> candidates, ObjDoubleConsumer<InstructionSample> sink) {
    scoreStream(candidates.iterator(), sink);
  }

  /**
   * What embedding cost so far: texts looked up (every text of every candidate scored or trained
   * on) and texts sent to the embedder (the distinct ones; a text evicted from the bounded memo
   * and met again counts again).
   */
  public TextStats textStats() {
    long[] c = features.memo().counts();
    return new TextStats(c[0], c[1]);
  }

  /**
   * Embedding work of a scorer.
   *
   * @param texts texts of candidates looked up
   * @param embedded texts sent to the embedder
   */
  public record TextStats(long texts, long embedded) {}

  /**
   * Saves the DJL parameters ({@code scorer-0000.params}) and {@code model-card.json} into {@code
   * dir}. Files are written to a temporary folder and moved into place.
   *
   * @throws org.biomedvital.VitalIoException when a file cannot be written
   */
  @Override
  public synchronized void save(Path dir) {
    checkReady();
    if (card == null) {
      throw new IllegalStateException("nothing to describe in a model card; call fit(...) first");
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempDirectory(dir, ".saving-");
      head.save(tmp);
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.delete(tmp);
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot save the scorer to " + dir + ": " + e.getMessage(), e);
    }
    card.write(dir);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("scorer is closed");
    }
  }

  private void checkReady() {
    checkOpen();
    if (!ready) {
      throw new IllegalStateException("scorer is not trained; call fit(...) or MlpScorer.load(...)");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (head != null) {
        head.close();
      }
    }
  }

  @Override
  public String toString() {
    return "MlpScorer{" + embedder.id() + ", " + config + "}";
  }

  /** Builds {@link MlpScorer}s; the embedder is required. */
  public static final class Builder {
    private Embedder embedder;
    private String embedderSpec;
    private ScorerConfig config = ScorerConfig.DEFAULT;
    private ImageRoot images;
    private final Map<String, String> trainingFiles = new LinkedHashMap<>();
    private int memoTexts;

    private Builder() {}

    /**
     * How many distinct texts' vectors the scorer remembers within a run (least recently used go
     * first); default enough for about an eighth of the maximum heap.
     */
    public Builder rememberedTexts(int texts) {
      this.memoTexts = org.biomedvital.internal.Checks.positive(texts, "texts");
      return this;
    }

    /** The embedder (required; the caller keeps ownership). */
    public Builder embedder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder == null");
      return this;
    }

    /** How to recreate the embedder, recorded in the model card; default its id. */
    public Builder embedderSpec(String embedderSpec) {
      this.embedderSpec = Objects.requireNonNull(embedderSpec, "embedderSpec == null");
      return this;
    }

    /** The hyper-parameters; default {@link ScorerConfig#DEFAULT}. */
    public Builder config(ScorerConfig config) {
      this.config = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /** The image folder; default none (text only). */
    public Builder images(ImageRoot images) {
      this.images = images;
      return this;
    }

    /** Records a file the training pairs came from; its SHA-256 goes into the model card. */
    public Builder trainingFile(Path file) {
      trainingFiles.put(file.getFileName().toString(), Hashing.sha256Hex(file));
      return this;
    }

    /**
     * Builds the scorer (untrained until {@link MlpScorer#fit}). No I/O and no native work: the
     * embedder is first called, and the engine loaded, on first use.
     *
     * @throws IllegalStateException when no embedder was set
     */
    public MlpScorer build() {
      if (embedder == null) {
        throw new IllegalStateException("embedder is required; call embedder(...)");
      }
      return new MlpScorer(this);
    }
  }
}
