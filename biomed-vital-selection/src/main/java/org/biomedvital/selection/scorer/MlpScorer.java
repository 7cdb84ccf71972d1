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
  private final TextMemo memo;
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
    this.memo = b.memoTexts > 0 ? new TextMemo(b.memoTexts) : TextMemo.forHeap(b.embedderDimension);
    Engine engine = pytorch();
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

  /** The artifacts an application adds for PyTorch's natives (this library picks none). */
  static final String PYTORCH_NATIVES = "ai.djl.pytorch:pytorch-native-cpu:2.7.1 with classifier"
      + " linux-x86_64 (or linux-aarch64, osx-aarch64, win-x86_64; pytorch-native-cu124 for CUDA) and"
      + " ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";

  /** DJL's PyTorch engine, or an error naming the native artifacts to add. */
  private static Engine pytorch() {
    try {
      return Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new VitalException("the scorer runs on DJL PyTorch, whose natives could not be loaded ("
          + e.getMessage() + "); add " + PYTORCH_NATIVES + " to your application, or run online once"
          + " so DJL downloads them to ~/.djl.ai", e);
    }
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
          + (card.embedderId().startsWith("all-minilm-l6-v2-q/") ? "minilm-int8" : card.embedderSpec())
          + "'");
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
    pytorch().setRandomSeed((int) config.seed());
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

  /** Samples per embedding call when features are built outside a stream (fit, scoreAll). */
  private static final int FEATURE_CHUNK = 4096;

  /** Embeds samples (text per {@link TextMode}, image when an image folder is set). */
  private float[][] features(List<InstructionSample> samples) {
    float[][] out = new float[samples.size()][];
    for (int from = 0; from < samples.size(); from += FEATURE_CHUNK) {
      Window w = plan(samples.subList(from, Math.min(samples.size(), from + FEATURE_CHUNK)));
      embed(w);
      float[][] rows = rows(w);
      System.arraycopy(rows, 0, out, from, rows.length);
    }
    return out;
  }

  /**
   * A window of candidates on its way through the stages: their texts' slots in the run's {@link
   * TextMemo} (shared texts share a slot) and the distinct texts still to embed.
   */
  static final class Window {
    final List<InstructionSample> samples;
    final TextMemo.Slot[][] slots;
    final List<EmbeddingInput> missing = new ArrayList<>();
    final List<TextMemo.Slot> missingSlots = new ArrayList<>();
    double[] scores;

    Window(List<InstructionSample> samples) {
      this.samples = samples;
      this.slots = new TextMemo.Slot[samples.size()][];
    }
  }

  /** Stage 1: each sample's texts, looked up in the memo; new distinct texts are queued to embed. */
  Window plan(List<InstructionSample> samples) {
    Window w = new Window(List.copyOf(samples));
    boolean[] isNew = new boolean[1];
    for (int i = 0; i < w.samples.size(); i++) {
      List<EmbeddingInput> inputs = inputs(w.samples.get(i));
      TextMemo.Slot[] slots = new TextMemo.Slot[inputs.size()];
      for (int k = 0; k < slots.length; k++) {
        slots[k] = memo.slot(inputs.get(k), isNew);
        if (isNew[0]) {
          w.missing.add(inputs.get(k));
          w.missingSlots.add(slots[k]);
        }
      }
      w.slots[i] = slots;
    }
    return w;
  }

  /** Stage 2: embeds the window's new distinct texts in one call (the embedder batches them). */
  void embed(Window w) {
    if (w.missing.isEmpty()) {
      return;
    }
    try {
      List<float[]> v = embedder.embedAll(w.missing);
      if (v.size() != w.missing.size()) {
        throw new VitalException("embedder " + embedder.id() + " returned " + v.size() + " vectors for "
            + w.missing.size() + " inputs");
      }
      for (int i = 0; i < v.size(); i++) {
        w.missingSlots.get(i).vector = v.get(i);
      }
    } catch (RuntimeException e) {
      memo.forgetUnfilled();
      throw e;
    }
  }

  /** Stage 3a: the feature rows of an embedded window. */
  float[][] rows(Window w) {
    float[][] out = new float[w.samples.size()][];
    for (int i = 0; i < out.length; i++) {
      TextMemo.Slot[] slots = w.slots[i];
      List<float[]> v = new ArrayList<>(slots.length);
      for (TextMemo.Slot slot : slots) {
        v.add(slot.vector);
      }
      out[i] = featureRow(w.samples.get(i), v);
    }
    return out;
  }

  /** PyTorch's intra-op thread count on the calling thread. */
  static int torchThreads() {
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  /**
   * Gives the calling thread PyTorch's thread count: OpenMP keeps it per thread, so a fresh thread
   * would otherwise use every core (fighting the embedder) and round differently.
   */
  static void useTorchThreads(int threads) {
    ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
  }

  /** Stage 3b: the scores of an embedded window, in one large MLP batch per scoring batch. */
  double[] scoreWindow(Window w) {
    float[][] rows = rows(w);
    synchronized (this) {
      checkReady();
      return toScores(forwardRows(rows, identity(rows.length)));
    }
  }

  /** The texts a candidate contributes, in the order {@link #featureRow} expects their vectors. */
  private List<EmbeddingInput> inputs(InstructionSample s) {
    if (config.textMode() != TextMode.FULL) {
      return List.of(input(config.textMode().text(s), s));
    }
    List<String> ex = TextMode.exchanges(s);
    List<EmbeddingInput> out = new ArrayList<>(1 + ex.size());
    out.add(input(TextMode.context(s), s));
    for (String e : ex) {
      out.add(EmbeddingInput.text(e));
    }
    return out;
  }

  /**
   * One candidate's feature row from the vectors of its {@link #inputs}: the embedding columns
   * ({@link TextMode#featureLength}). Extra per-candidate columns go after them, here, with {@link
   * Builder#build()}'s input dimension grown to match.
   */
  private float[] featureRow(InstructionSample s, List<float[]> vectors) {
    float[] row = config.textMode() == TextMode.FULL
        ? combine(vectors, 0, vectors.size()) : vectors.get(0);
    // Clinical consistency columns (issue 19) after the embedding columns.
    return config.clinicalFeatureLength() > 0 ? ConsistencyFeatures.append(row, s) : row;
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

  private double[] toScores(float[] raw) {
    double[] out = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = config.loss() == PairLoss.HINGE ? sigmoid(raw[i]) : raw[i];
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return idx;
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
    return scoreFeatures(features(samples));
  }

  /**
   * Scores precomputed feature rows (each {@link #inputDimension()} long, as the embedder would
   * give), in batches.
   */
  public synchronized double[] scoreFeatures(float[][] rows) {
    checkReady();
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != inputDim) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + inputDim);
      }
    }
    return toScores(forwardRows(rows, identity(rows.length)));
  }

  /**
   * Opens a scoring stream: candidates {@linkplain ScoringStream#accept accepted} one at a time are
   * scored in windows of {@link ScorerConfig#scoringBatchSize()} by a bounded pipeline (this thread
   * reads and looks texts up, one thread embeds the distinct new texts, one runs the MLP), and each
   * candidate with its score reaches {@code sink} in input order, on the thread that calls {@code
   * accept} or {@code close}. Scores are the same as {@link #scoreAll}'s.
   */
  public ScoringStream openStream(ObjDoubleConsumer<InstructionSample> sink) {
    checkReady();
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
    long[] c = memo.counts();
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
    private int memoTexts;
    private int embedderDimension;

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
     * Builds the scorer (untrained until {@link MlpScorer#fit}).
     *
     * @throws IllegalStateException when no embedder was set
     */
    public MlpScorer build() {
      if (embedder == null) {
        throw new IllegalStateException("embedder is required; call embedder(...)");
      }
      embedderDimension = embedder.embed(EmbeddingInput.text("")).length;
      int dim = config.textMode().featureLength(embedderDimension)
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
