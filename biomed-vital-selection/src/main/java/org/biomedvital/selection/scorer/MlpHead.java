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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.VitalException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DJL side of {@link MlpScorer}: the PyTorch engine, the MLP block, the pairwise training loop
 * on feature rows (with early stopping on validation pairs) and batched forward passes. Created on
 * the scorer's first use, never in its builder. Not thread-safe: the scorer serialises calls.
 */
final class MlpHead implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MlpScorer.class);

  /** The file-name prefix of the saved parameters ({@code scorer-0000.params}). */
  static final String PARAMS_PREFIX = "scorer";

  /** The artifacts an application adds for PyTorch's natives (this library picks none). */
  static final String PYTORCH_NATIVES = "ai.djl.pytorch:pytorch-native-cpu:2.7.1 with classifier"
      + " linux-x86_64 (or linux-aarch64, osx-aarch64, win-x86_64; pytorch-native-cu124 for CUDA) and"
      + " ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";

  private final ScorerConfig config;
  private final int inputDim;
  private final Device device;
  private final Model model;
  private int bestEpoch;

  /** Loads the engine and allocates the model (native work: call on first use only). */
  MlpHead(ScorerConfig config, int inputDim) {
    this.config = config;
    this.inputDim = inputDim;
    this.device = pickDevice(pytorch(), config.device());
    this.model = Model.newInstance("biomed-vital-scorer", device, "PyTorch");
    SequentialBlock net = new SequentialBlock();
    for (int h : config.hidden()) {
      net.add(Linear.builder().setUnits(h).build());
      net.add(Activation.reluBlock());
    }
    net.add(Linear.builder().setUnits(1).build());
    model.setBlock(net);
  }

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

  private static Device pickDevice(Engine engine, ScorerDevice wanted) {
    switch (wanted) {
      case CPU:
        return Device.cpu();
      case GPU:
        if (engine.getGpuCount() == 0) {
          throw new IllegalArgumentException("device gpu requested but PyTorch sees no GPU;"
              + " use device auto or cpu, or install the CUDA build of pytorch-native");
        }
        return Device.gpu();
      default:
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
  }

  /** The device the head runs on. */
  Device device() {
    return device;
  }

  /** The epoch whose parameters the last {@link #train} kept. */
  int bestEpoch() {
    return bestEpoch;
  }

  /** Loads parameters saved by {@link #save}. */
  void load(Path dir) throws IOException, MalformedModelException {
    model.load(dir, PARAMS_PREFIX);
  }

  /** Saves the parameters into {@code dir}. */
  void save(Path dir) throws IOException {
    model.save(dir, PARAMS_PREFIX);
  }

  /**
   * Trains on feature rows: pair {@code i} prefers row {@code chosen[i]} over row {@code
   * rejected[i]} with weight {@code weights[i]}. With validation pairs (their rows found through
   * {@code index}) each epoch is measured on them and training stops early on their loss.
   */
  TrainingReport train(float[][] features, int[] chosen, int[] rejected, float[] weights,
      List<PreferencePair> validation, Map<InstructionSample, Integer> index, TrainingListener listener) {
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
    int[] order = identity(n);
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
          throw new ScorerTrainingException(String.format(Locale.ROOT,
              "training diverged in epoch %d (loss %s); lower the learning rate (%s) or the pair weights",
              epoch, trainLoss, config.learningRate()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        double valLoss = Double.NaN;
        if (!validation.isEmpty()) {
          valLoss = validate(features, validation, index, metrics);
        }
        EpochMetrics em = new EpochMetrics(epoch, trainLoss, metrics);
        epochs.add(em);
        listener.onEpoch(em);
        LOG.info("epoch {}: train loss {} {}", epoch, String.format(Locale.ROOT, "%.5f", trainLoss), metrics);
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
    return new TrainingReport(epochs, bestMetrics);
  }

  /** Scores the validation pairs, puts their metrics into {@code metrics}; returns their loss. */
  private double validate(float[][] features, List<PreferencePair> validation,
      Map<InstructionSample, Integer> index, Map<String, Double> metrics) {
    int[] rows = new int[validation.size() * 2];
    for (int i = 0; i < validation.size(); i++) {
      rows[2 * i] = index.get(validation.get(i).chosen());
      rows[2 * i + 1] = index.get(validation.get(i).rejected());
    }
    float[] vs = forwardRows(features, rows);
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
    double valLoss = lsum / wsum;
    metrics.putAll(ScorerMetrics.compute(validation, byRow::get));
    metrics.put(ScorerMetrics.VALIDATION_LOSS, valLoss);
    return valLoss;
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

  /** The scores of feature rows (each {@code inputDim} long), in scoring batches. */
  double[] score(float[][] rows) {
    float[] raw = forwardRows(rows, identity(rows.length));
    double[] out = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = config.loss() == PairLoss.HINGE ? sigmoid(raw[i]) : raw[i];
    }
    return out;
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

  private static int[] identity(int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return idx;
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

  @Override
  public void close() {
    model.close();
  }
}
