package org.biomedvital.selection.scorer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ObjDoubleConsumer;
import java.util.stream.Stream;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.VitalException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.internal.Hashing;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.selection.clinical.ConsistencyFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinician-aligned selection scorer: a candidate's text (see {@link TextMode}: by default the
 * figure's caption and mentions, with the image when an {@link ImageRoot} is given and the embedder
 * embeds images, and each Q/A pair), goes through the {@link Embedder}; an MLP head (default input -> 512 -> 512 -> 1, ReLU) maps the vector to a score. The
 * head is trained pairwise with DJL's PyTorch engine (CPU, or the GPU when present) on a {@link
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
 * <p>Thread-safe: calls are serialised. Owns native memory: close it (the embedder stays open; the
 * caller owns it).
 */
public final class MlpScorer implements TrainableScorer {
  private static final Logger LOG = LoggerFactory.getLogger(MlpScorer.class);
  private static final String PARAMS_PREFIX = "scorer";

  private final Embedder embedder;
  private final String embedderSpec;
  private final ScorerConfig config;
  private final ImageRoot images;
  private final Map<String, String> trainingFiles;
  private final int inputDim;
  private final Device device;
  private final Model model;
  private ModelCard card;
  private boolean ready;
  private boolean closed;

  private MlpScorer(Builder b, int inputDim) {
    this.embedder = b.embedder;
    this.embedderSpec = b.embedderSpec != null ? b.embedderSpec : b.embedder.id();
    this.config = b.config;
    this.images = b.images;
    this.trainingFiles = Map.copyOf(b.trainingFiles);
    this.inputDim = inputDim;
    Engine engine = Engine.getEngine("PyTorch");
    this.device = pickDevice(engine, config.device());
    this.model = Model.newInstance("biomed-vital-scorer", device, "PyTorch");
    SequentialBlock net = new SequentialBlock();
    for (int h : config.hidden()) {
      net.add(Linear.builder().setUnits(h).build());
      net.add(Activation.reluBlock());
    }
    net.add(Linear.builder().setUnits(1).build());
    model.setBlock(net);
  }

  private static Device pickDevice(Engine engine, String wanted) {
    switch (wanted) {
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (engine.getGpuCount() == 0) {
          throw new IllegalArgumentException("device gpu requested but PyTorch sees no GPU;"
              + " use device auto or cpu, or install the CUDA build of pytorch-native");
        }
        return Device.gpu();
      default:
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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
          + card.embedderSpec() + "'");
    }
    MlpScorer s = builder().embedder(embedder).embedderSpec(card.embedderSpec()).config(card.config())
        .images(images).build();
    if (s.inputDim != card.inputDimension()) {
      s.close();
      throw new IllegalArgumentException("embedder gives " + s.inputDim + " dimensions but the scorer in "
          + dir + " expects " + card.inputDimension());
    }
    try {
      s.model.load(dir, PARAMS_PREFIX);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      s.close();
      throw new org.biomedvital.InvalidDataException(dir.toString(), 0, null,
          "cannot load the scorer parameters: " + e.getMessage(), e);
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

  /** The feature length: the embedder's length times {@link TextMode#featureLength}. */
  public int inputDimension() {
    return inputDim;
  }

  /** The device the head runs on. */
  public String device() {
    return device.toString();
  }

  /** The model card of the last {@link #fit} or {@link #load}; empty before either. */
  public java.util.Optional<ModelCard> card() {
    return java.util.Optional.ofNullable(card);
  }

  @Override
  public synchronized TrainingReport fit(PreferenceDataset dataset, TrainingListener listener) {
    Objects.requireNonNull(dataset, "dataset == null");
    Objects.requireNonNull(listener, "listener == null");
    checkOpen();
    if (dataset.train().isEmpty()) {
      throw new ScorerTrainingException("no training pairs; the scorer needs at least one preference pair");
    }
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
    float[][] features = features(unique);
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
    TrainingReport report = train(features, chosen, rejected, weights, pairs -> {
      float[] s = forwardRows(features, validationRows(validation, index));
      return s;
    }, validation, index, listener);
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("train_pairs", (double) n);
    stats.put("validation_pairs", (double) validation.size());
    stats.put("human_share", dataset.humanShare());
    dataset.train().stream().filter(p -> p.source() == PreferenceSource.CLINICIAN)
        .mapToDouble(PreferencePair::weight).max().ifPresent(w -> stats.put("human_weight", w));
    card = new ModelCard(embedder.id(), embedderSpec, inputDim, config, report.epochs().size(),
        bestEpoch, stats, trainingFiles, report.finalMetrics(), report.epochs());
    return report;
  }

  private int bestEpoch;

  private static int[] validationRows(List<PreferencePair> validation, Map<InstructionSample, Integer> index) {
    int[] rows = new int[validation.size() * 2];
    for (int i = 0; i < validation.size(); i++) {
      rows[2 * i] = index.get(validation.get(i).chosen());
      rows[2 * i + 1] = index.get(validation.get(i).rejected());
    }
    return rows;
  }

  /** Scores validation pairs: returns scores for the rows (chosen, rejected) of each pair. */
  private interface ValidationScores {
    float[] score(List<PreferencePair> pairs);
  }

  /**
   * Trains the head directly on feature rows: pair {@code i} prefers row {@code chosen[i]} over row
   * {@code rejected[i]} with weight {@code weights[i]}. No validation, no early stopping; used by
   * {@link #fit} internally and by benchmarks. Every row must have {@link #inputDimension()} values.
   */
  public synchronized TrainingReport fitFeatures(
      float[][] features, int[] chosen, int[] rejected, float[] weights, TrainingListener listener) {
    checkOpen();
    Checks2.sameLength(chosen, rejected, weights);
    return train(features, chosen, rejected, weights, null, List.of(), Map.of(), listener);
  }

  private TrainingReport train(float[][] features, int[] chosen, int[] rejected, float[] weights,
      ValidationScores validationScores, List<PreferencePair> validation,
      Map<InstructionSample, Integer> index, TrainingListener listener) {
    for (float[] f : features) {
      if (f.length != inputDim) {
        throw new IllegalArgumentException("feature rows must have " + inputDim + " values but one has " + f.length);
      }
    }
    Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
    DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build())
        .optDevices(new Device[] {device});
    List<EpochMetrics> epochs = new ArrayList<>();
    Map<String, Double> bestMetrics = Map.of();
    List<float[]> bestParams = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    bestEpoch = 0;
    int sinceBest = 0;
    int n = chosen.length;
    int batch = config.batchSize();
    float[] buffer = new float[2 * batch * inputDim];
    float[] w = new float[batch];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(config.seed());
    try (Trainer trainer = model.newTrainer(tc)) {
      trainer.initialize(new Shape(1, inputDim));
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        shuffle(order, random);
        double lossSum = 0;
        double lossCount = 0;
        for (int from = 0; from < n; from += batch) {
          int m = Math.min(batch, n - from);
          for (int j = 0; j < m; j++) {
            int pair = order[from + j];
            System.arraycopy(features[chosen[pair]], 0, buffer, j * inputDim, inputDim);
            System.arraycopy(features[rejected[pair]], 0, buffer, (m + j) * inputDim, inputDim);
            w[j] = weights[pair];
          }
          try (NDManager bm = trainer.getManager().newSubManager()) {
            NDArray x = bm.create(FloatBuffer.wrap(buffer, 0, 2 * m * inputDim), new Shape(2L * m, inputDim));
            NDArray wa = bm.create(FloatBuffer.wrap(w, 0, m), new Shape(m));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray s = trainer.forward(new NDList(x)).singletonOrThrow().reshape(2L * m);
              NDArray sc = s.get(new NDIndex().addSliceDim(0, m));
              NDArray sr = s.get(new NDIndex().addSliceDim(m, 2L * m));
              NDArray loss = pairLoss(sc, sr).mul(wa).mean();
              gc.backward(loss);
              lossSum += loss.getFloat() * m;
              lossCount += m;
            }
            trainer.step();
          }
        }
        double trainLoss = lossSum / lossCount;
        if (!Double.isFinite(trainLoss)) {
          throw new ScorerTrainingException(String.format(java.util.Locale.ROOT,
              "training diverged in epoch %d (loss %s); lower the learning rate (%s) or the pair weights",
              epoch, trainLoss, config.learningRate()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        double valLoss = Double.NaN;
        if (validationScores != null && !validation.isEmpty()) {
          float[] vs = validationScores.score(validation);
          Map<InstructionSample, Double> byRow = new IdentityHashMap<>();
          double lsum = 0;
          double wsum = 0;
          for (int i = 0; i < validation.size(); i++) {
            PreferencePair p = validation.get(i);
            byRow.put(p.chosen(), (double) vs[2 * i]);
            byRow.put(p.rejected(), (double) vs[2 * i + 1]);
            lsum += p.weight() * pairLoss(vs[2 * i], vs[2 * i + 1]);
            wsum += 1;
          }
          valLoss = lsum / wsum;
          metrics.putAll(ScorerMetrics.compute(validation, byRow::get));
          metrics.put(ScorerMetrics.VALIDATION_LOSS, valLoss);
        }
        EpochMetrics em = new EpochMetrics(epoch, trainLoss, metrics);
        epochs.add(em);
        listener.onEpoch(em);
        LOG.info("epoch {}: train loss {} {}", epoch, String.format(java.util.Locale.ROOT, "%.5f", trainLoss), metrics);
        boolean early = !Double.isNaN(valLoss) && config.patience() > 0;
        if (!early || valLoss < bestLoss) {
          bestLoss = early ? valLoss : bestLoss;
          bestEpoch = epoch;
          bestMetrics = metrics;
          bestParams = early ? snapshot() : null;
          sinceBest = 0;
        } else if (++sinceBest >= config.patience()) {
          LOG.info("early stop after epoch {}: validation loss has not improved for {} epochs; keeping epoch {}",
              epoch, sinceBest, bestEpoch);
          break;
        }
      }
    }
    if (bestParams != null && bestEpoch != epochs.size()) {
      restore(bestParams);
    }
    ready = true;
    return new TrainingReport(epochs, bestMetrics);
  }

  private NDArray pairLoss(NDArray sc, NDArray sr) {
    if (config.loss() == PairLoss.HINGE) {
      NDArray d = Activation.sigmoid(sc).sub(Activation.sigmoid(sr));
      return Activation.relu(d.neg().add(1f));
    }
    return Activation.softPlus(sr.sub(sc));
  }

  private double pairLoss(double sc, double sr) {
    if (config.loss() == PairLoss.HINGE) {
      return Math.max(0, 1 - (sigmoid(sc) - sigmoid(sr)));
    }
    double d = sr - sc;
    return d > 30 ? d : Math.log1p(Math.exp(d));
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private List<float[]> snapshot() {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  private void restore(List<float[]> values) {
    int i = 0;
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      p.getValue().getArray().set(FloatBuffer.wrap(values.get(i++)));
    }
  }

  /** Embeds samples (text per {@link TextMode}, image when an image folder is set). */
  private float[][] features(List<InstructionSample> samples) {
    float[][] out = new float[samples.size()][];
    int chunk = 64;
    for (int from = 0; from < samples.size(); from += chunk) {
      List<InstructionSample> part = samples.subList(from, Math.min(samples.size(), from + chunk));
      List<EmbeddingInput> inputs = new ArrayList<>();
      int[] counts = new int[part.size()];
      for (int i = 0; i < part.size(); i++) {
        InstructionSample s = part.get(i);
        if (config.textMode() == TextMode.FULL) {
          inputs.add(input(TextMode.context(s), s));
          List<String> ex = TextMode.exchanges(s);
          for (String e : ex) {
            inputs.add(EmbeddingInput.text(e));
          }
          counts[i] = 1 + ex.size();
        } else {
          inputs.add(input(config.textMode().text(s), s));
          counts[i] = 1;
        }
      }
      List<float[]> v = embedder.embedAll(inputs);
      int at = 0;
      for (int i = 0; i < part.size(); i++) {
        out[from + i] = config.textMode() == TextMode.FULL ? combine(v, at, counts[i]) : v.get(at);
        if (config.clinicalFeatureLength() > 0) {
          // issue 19 hook: clinical consistency columns after the embedding columns
          out[from + i] = ConsistencyFeatures.append(out[from + i], part.get(i));
        }
        at += counts[i];
      }
    }
    return out;
  }

  private EmbeddingInput input(String text, InstructionSample s) {
    return images == null ? EmbeddingInput.text(text) : EmbeddingInput.of(text, images.resolve(s.image()));
  }

  /** [context, mean of exchanges, context * mean of exchanges, mean and min of context . exchange]. */
  private static float[] combine(List<float[]> v, int at, int count) {
    float[] ctx = v.get(at);
    int d = ctx.length;
    float[] mean = new float[d];
    double relSum = 0;
    double relMin = count > 1 ? Double.POSITIVE_INFINITY : 0;
    for (int k = 1; k < count; k++) {
      float[] e = v.get(at + k);
      double rel = 0;
      for (int j = 0; j < d; j++) {
        mean[j] += e[j] / (count - 1);
        rel += (double) ctx[j] * e[j];
      }
      relSum += rel;
      relMin = Math.min(relMin, rel);
    }
    float[] f = new float[3 * d + 2];
    f[3 * d] = count > 1 ? (float) (relSum / (count - 1)) : 0f;
    f[3 * d + 1] = (float) relMin;
    System.arraycopy(ctx, 0, f, 0, d);
    System.arraycopy(mean, 0, f, d, d);
    for (int j = 0; j < d; j++) {
      f[2 * d + j] = ctx[j] * mean[j];
    }
    return f;
  }

  private float[] forwardRows(float[][] features, int[] rows) {
    float[] out = new float[rows.length];
    int b = config.scoringBatchSize();
    float[] buffer = new float[Math.min(b, Math.max(1, rows.length)) * inputDim];
    for (int from = 0; from < rows.length; from += b) {
      int m = Math.min(b, rows.length - from);
      for (int j = 0; j < m; j++) {
        System.arraycopy(features[rows[from + j]], 0, buffer, j * inputDim, inputDim);
      }
      System.arraycopy(forward(buffer, m), 0, out, from, m);
    }
    return out;
  }

  /** Raw head outputs for {@code m} rows packed in {@code flat}. */
  private float[] forward(float[] flat, int m) {
    try (NDManager bm = model.getNDManager().newSubManager()) {
      NDArray x = bm.create(FloatBuffer.wrap(flat, 0, m * inputDim), new Shape(m, inputDim));
      NDArray out = model.getBlock().forward(new ParameterStore(bm, false), new NDList(x), false)
          .singletonOrThrow();
      return out.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  private double toScore(float raw) {
    return config.loss() == PairLoss.HINGE ? sigmoid(raw) : raw;
  }

  @Override
  public double score(InstructionSample sample) {
    return scoreAll(List.of(sample))[0];
  }

  @Override
  public synchronized double[] scoreAll(List<InstructionSample> samples) {
    checkReady();
    double[] out = new double[samples.size()];
    int b = config.scoringBatchSize();
    for (int from = 0; from < samples.size(); from += b) {
      List<InstructionSample> chunk = samples.subList(from, Math.min(samples.size(), from + b));
      double[] s = scoreFeatures(features(chunk));
      System.arraycopy(s, 0, out, from, s.length);
    }
    return out;
  }

  /**
   * Scores precomputed feature rows (each {@link #inputDimension()} long, as the embedder would
   * give), in batches.
   */
  public synchronized double[] scoreFeatures(float[][] rows) {
    checkReady();
    int[] idx = new int[rows.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
      if (rows[i].length != inputDim) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + inputDim);
      }
    }
    float[] raw = forwardRows(rows, idx);
    double[] out = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = toScore(raw[i]);
    }
    return out;
  }

  /**
   * Scores candidates as they come, one batch in memory at a time, handing each candidate and its
   * score to {@code sink} in input order.
   */
  public void scoreStream(Iterator<InstructionSample> candidates, ObjDoubleConsumer<InstructionSample> sink) {
    List<InstructionSample> chunk = new ArrayList<>(config.scoringBatchSize());
    while (candidates.hasNext()) {
      chunk.add(candidates.next());
      if (chunk.size() == config.scoringBatchSize() || !candidates.hasNext()) {
        double[] s = scoreAll(chunk);
        for (int i = 0; i < s.length; i++) {
          sink.accept(chunk.get(i), s[i]);
        }
        chunk.clear();
      }
    }
  }

  /** {@link #scoreStream(Iterator, ObjDoubleConsumer)} over a stream. */
  public void scoreStream(Stream<InstructionSample> candidates, ObjDoubleConsumer<InstructionSample> sink) {
    scoreStream(candidates.iterator(), sink);
  }

  /**
   * Saves the DJL parameters ({@code scorer-0000.params}) and {@code model-card.json} into {@code
   * dir}. Files are written to a temporary folder and moved into place.
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
      model.save(tmp, PARAMS_PREFIX);
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.delete(tmp);
    } catch (IOException e) {
      throw new VitalException("cannot save the scorer to " + dir + ": " + e.getMessage(), e);
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
      model.close();
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

    private Builder() {}

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
     * Builds the scorer (untrained until {@link MlpScorer#fit}).
     *
     * @throws IllegalStateException when no embedder was set
     */
    public MlpScorer build() {
      if (embedder == null) {
        throw new IllegalStateException("embedder is required; call embedder(...)");
      }
      int dim = config.textMode().featureLength(embedder.embed(EmbeddingInput.text("")).length)
          + config.clinicalFeatureLength();
      return new MlpScorer(this, dim);
    }
  }

  /** Argument checks local to this class. */
  private static final class Checks2 {
    static void sameLength(int[] a, int[] b, float[] c) {
      if (a.length != b.length || a.length != c.length) {
        throw new IllegalArgumentException("chosen, rejected and weights must have the same length but had "
            + a.length + ", " + b.length + " and " + c.length);
      }
    }
  }
}
