package org.biomedvital.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.embed.CachingEmbedder;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.biomedvital.selection.onnx.MiniLmEmbedder;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.ScoreFiles;
import org.biomedvital.selection.scorer.ScorerConfig;
import org.biomedvital.selection.scorer.ScorerDevice;
import org.biomedvital.selection.scorer.ScoringStream;
import org.biomedvital.selection.scorer.TextMode;
import org.biomedvital.selection.scorer.internal.ScorerInternals;

/**
 * Selection at pool scale (issue 18), against the hardware's limits, in one run:
 *
 * <ol>
 *   <li>MiniLM (fp32, length-grouped batches of 32) texts/s vs a bare ONNX Runtime session running
 *       the same model on the same batches (same shapes, same threads), with inputs tokenised
 *       beforehand: target at least 0.9;
 *   <li>MLP scoring (full features, 1154-512-512-1, batches of 8192) in GFLOP/s vs a 2048^3 float
 *       matrix multiply on the same DJL PyTorch engine and threads: target at least 0.7;
 *   <li>end to end {@code score} (the command's code path: candidates JSONL, embedding cache,
 *       scoring stream, scores journal) of a synthetic pool (5 candidates per figure sharing the
 *       caption, 4 Q/A each, so about 5 texts a candidate), empty and warm cache, each in a child
 *       JVM with {@code -Xmx1g} to measure the peak heap: with MiniLM on {@code candidates}
 *       candidates, and on 100,000 candidates with a stand-in embedder of the same dimension (the
 *       hashing embedder), which measures everything but the model; the 100,000-candidate MiniLM
 *       time is extrapolated from the texts embedded and the measured MiniLM rate.
 * </ol>
 *
 * <p>Arguments: {@code [candidates (2000)] [threads (2)] [big pool (100000)] [texts for the
 * embedding comparison (600)]}. {@code threads} is
 * ONNX Runtime's intra-op count; PyTorch gets one thread (scoring overlaps embedding).
 *
 * <p>One class of over 400 lines because the three measurements share the pool, the tokenised
 * batches and the child-JVM harness, and are printed as one report; it is a benchmark main, not
 * library code.
 */
public final class SelectionPoolBenchmark {
  private static final int DIM = 384;
  private static final int FEATURES = 3 * DIM + 2;

  private SelectionPoolBenchmark() {}

  /** Runs the benchmark (or, with {@code --e2e}, one end-to-end part in this JVM). */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--e2e")) {
      endToEndChild(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int big = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int textCount = args.length > 3 ? Integer.parseInt(args[3]) : 600;
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    List<String> rows = new ArrayList<>();
    String load0 = loadAverage();

    // 1. Embedding vs the bare runtime.
    List<String> texts = distinctTexts(pool(textCount, 11), textCount);
    double[] emb = embeddingVsBare(texts, threads);
    rows.add(row(String.format(Locale.ROOT, "MiniLM fp32 texts/s, %d texts, batch 32, %d ORT thread(s)",
        texts.size(), threads), emb[0], emb[1], ResultRows.fmt(emb[0] / emb[1]), ">= 0.9"));
    rows.add(row("  same texts, bare ORT padded batches of 32 in input order (texts/s)", emb[2], Double.NaN,
        ResultRows.fmt(emb[0] / emb[2]) + " ours/padded", "report"));
    rows.add(row("  same texts, int8 model, batch 1 (texts/s)", emb[3], Double.NaN,
        ResultRows.fmt(emb[0] / emb[3]) + " fp32/int8", "report"));

    // 2. MLP vs GEMM peak.
    double[] mlp = mlpVsGemm();
    rows.add(row(String.format(Locale.ROOT, "MLP scoring GFLOP/s (%d rows/s), vs 2048^3 GEMM, %s PyTorch thread(s)",
        (long) mlp[2], System.getProperty("ai.djl.pytorch.num_threads")), mlp[0], mlp[1], ResultRows.fmt(mlp[0] / mlp[1]),
        ">= 0.7"));

    // 3. End to end, child JVMs with -Xmx1g.
    Map<String, Double> mini = child("minilm", candidates, threads);
    double miniTextsPerSec = mini.get("cold.embedded") / mini.get("cold.seconds");
    rows.add(row(String.format(Locale.ROOT, "score %,d candidates, MiniLM, empty cache (candidates/s)", candidates),
        mini.get("cold.rate"), Double.NaN, detail(mini, "cold"), "report"));
    rows.add(row(String.format(Locale.ROOT, "score %,d candidates, MiniLM, warm cache (candidates/s)", candidates),
        mini.get("warm.rate"), Double.NaN, detail(mini, "warm"), "report"));
    rows.add(row("  MiniLM texts embedded per second inside score", miniTextsPerSec, Double.NaN, "", "report"));
    Map<String, Double> h = child("hashing", big, threads);
    rows.add(row(String.format(Locale.ROOT, "score %,d candidates, stand-in embedder, empty cache (cand/s)", big),
        h.get("cold.rate"), Double.NaN, detail(h, "cold"), "-Xmx1g"));
    rows.add(row(String.format(Locale.ROOT, "score %,d candidates, stand-in embedder, warm cache (cand/s)", big),
        h.get("warm.rate"), Double.NaN, detail(h, "warm"), "-Xmx1g"));
    double extrapolated = h.get("cold.embedded") / miniTextsPerSec + h.get("cold.seconds");
    rows.add(row(String.format(Locale.ROOT, "score %,d candidates, MiniLM, empty cache, extrapolated (min)", big),
        extrapolated / 60, Double.NaN, String.format(Locale.ROOT, "%,.0f texts / %.0f per s", h.get("cold.embedded"),
            miniTextsPerSec), "report"));

    System.out.println();
    System.out.printf(Locale.ROOT, "SelectionPoolBenchmark (%d ORT threads, %d processors, load before %s, after %s)%n",
        threads, Runtime.getRuntime().availableProcessors(), load0, loadAverage());
    System.out.printf(Locale.ROOT, HEADER, "what", "ours", "reference", "ratio", "target");
    rows.forEach(System.out::println);
  }

  private static String detail(Map<String, Double> m, String run) {
    return String.format(Locale.ROOT, "%.1f s, %,.0f texts, %,.0f distinct, %,.0f embedded, heap %.0f MB",
        m.get(run + ".seconds"), m.get(run + ".texts"), m.get("distinct"), m.get(run + ".embedded"),
        m.get(run + ".peakHeapMb"));
  }

  // ---------------------------------------------------------------- the synthetic pool

  private static final String[] WORDS = ("the a of and with in on at from to is are was shows showing seen"
      + " axial coronal sagittal ct mri scan image radiograph ultrasound contrast enhanced t1 t2 weighted"
      + " chest abdomen pelvis brain liver kidney lung heart spleen pancreas femur knee spine cervical"
      + " lesion mass nodule cyst tumor fracture effusion edema hemorrhage infarct stenosis dilation"
      + " hypodense hyperintense heterogeneous well-defined irregular margins measuring cm mm diameter"
      + " arrow arrowhead indicates demonstrates consistent suggestive of metastasis abscess carcinoma"
      + " histopathology stained section hematoxylin eosin magnification cells infiltration granuloma"
      + " patient year-old male female presented pain history follow-up after treatment surgery biopsy"
      + " left right upper lower lobe segment anterior posterior medial lateral proximal distal wall"
      + " normal abnormal no evidence significant mild moderate severe bilateral focal diffuse").split(" ");

  private static String words(Random r, int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }

  /**
   * A pool of {@code n} candidates: figures of 5 candidates sharing caption and mentions; 4 Q/A
   * each; the first Q/A is the figure's common one half the time, and one Q/A in ten comes from a
   * pool-wide set of 500 common ones (so texts repeat as generated data does).
   */
  static List<InstructionSample> pool(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> common = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      common.add(new String[] {words(r, 5, 10), words(r, 8, 25)});
    }
    List<InstructionSample> out = new ArrayList<>(n);
    String caption = "";
    List<String> mentions = List.of();
    String[] figureQa = null;
    for (int i = 0; i < n; i++) {
      int figure = i / 5;
      if (i % 5 == 0) {
        caption = words(r, 30, 110);
        mentions = r.nextBoolean() ? List.of(words(r, 15, 35)) : List.of();
        figureQa = new String[] {words(r, 6, 12), words(r, 15, 40)};
      }
      List<String> turns = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        String[] qa = k == 0 && r.nextBoolean() ? figureQa
            : r.nextInt(10) == 0 ? common.get(r.nextInt(common.size()))
            : new String[] {words(r, 6, 14), words(r, 15, 60)};
        turns.add(qa[0]);
        turns.add(qa[1]);
      }
      out.add(InstructionSample.builder().id("c" + i).image("fig" + figure + ".jpg").caption(caption)
          .mentions(mentions).conversation(Conversation.of(turns.toArray(new String[0]))).build());
    }
    return out;
  }

  private static List<String> allTexts(InstructionSample s) {
    List<String> t = new ArrayList<>();
    t.add(TextMode.context(s));
    t.addAll(TextMode.exchanges(s));
    return t;
  }

  private static List<String> distinctTexts(List<InstructionSample> pool, int max) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (InstructionSample s : pool) {
      for (String t : allTexts(s)) {
        if (out.size() < max && seen.add(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- 1. embedding vs bare ORT

  /** {ours texts/s, bare texts/s on the same batches, bare padded texts/s, int8 batch-1 texts/s}. */
  private static double[] embeddingVsBare(List<String> texts, int threads) throws Exception {
    List<EmbeddingInput> inputs = texts.stream().map(EmbeddingInput::text).toList();
    double ours = Double.MAX_VALUE;
    double bare = Double.MAX_VALUE;
    double padded = Double.MAX_VALUE;
    try (MiniLmEmbedder e = MiniLmEmbedder.builder().batchSize(32).threads(threads).build();
        Bare b = new Bare(threads)) {
      List<long[][]> grouped = b.batches(texts, true);
      List<long[][]> inOrder = b.batches(texts, false);
      e.embedAll(inputs.subList(0, 64));
      b.run(grouped.subList(0, 4));
      for (int rep = 0; rep < 2; rep++) {
        long t0 = System.nanoTime();
        e.embedAll(inputs);
        ours = Math.min(ours, (System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        b.run(grouped);
        bare = Math.min(bare, (System.nanoTime() - t1) / 1e9);
      }
      long t2 = System.nanoTime();
      b.run(inOrder);
      padded = (System.nanoTime() - t2) / 1e9;
    }
    double int8;
    try (MiniLmEmbedder q = MiniLmEmbedder.builder().variant(MiniLmEmbedder.Variant.INT8).threads(threads).build()) {
      q.embedAll(inputs.subList(0, 32));
      long t = System.nanoTime();
      q.embedAll(inputs);
      int8 = (System.nanoTime() - t) / 1e9;
    }
    int n = texts.size();
    return new double[] {n / ours, n / bare, n / padded, n / int8};
  }

  /** A bare ONNX Runtime session on the fp32 MiniLM: only {@code session.run} is timed. */
  private static final class Bare implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    Bare(int threads) throws Exception {
      ClassLoader cl = SelectionPoolBenchmark.class.getClassLoader();
      byte[] model;
      try (InputStream in = cl.getResourceAsStream(MiniLmEmbedder.Variant.FP32.modelResource());
          InputStream tok = cl.getResourceAsStream(MiniLmEmbedder.Variant.FP32.tokenizerResource())) {
        model = in.readAllBytes();
        tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("maxLength", "256", "truncation", "true",
            "padding", "false", "addSpecialTokens", "true"));
      }
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      session = env.createSession(model, o);
    }

    /** Batches of up to 32 as {ids, mask, types} flattened with their shape: grouped by length or padded. */
    List<long[][]> batches(List<String> texts, boolean grouped) {
      Encoding[] enc = tokenizer.batchEncode(texts);
      Integer[] order = new Integer[enc.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      if (grouped) {
        Arrays.sort(order, (a, b) -> Integer.compare(enc[a].getIds().length, enc[b].getIds().length));
      }
      List<long[][]> out = new ArrayList<>();
      int from = 0;
      while (from < order.length) {
        int to = from + 1;
        while (to < order.length && to - from < 32
            && (!grouped || enc[order[to]].getIds().length == enc[order[from]].getIds().length)) {
          to++;
        }
        int len = 0;
        for (int i = from; i < to; i++) {
          len = Math.max(len, enc[order[i]].getIds().length);
        }
        int n = to - from;
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        for (int i = 0; i < n; i++) {
          Encoding e = enc[order[from + i]];
          System.arraycopy(e.getIds(), 0, ids, i * len, e.getIds().length);
          System.arraycopy(e.getAttentionMask(), 0, mask, i * len, e.getIds().length);
          System.arraycopy(e.getTypeIds(), 0, types, i * len, e.getIds().length);
        }
        out.add(new long[][] {ids, mask, types, {n, len}});
        from = to;
      }
      return out;
    }

    void run(List<long[][]> batches) throws Exception {
      for (long[][] b : batches) {
        long[] shape = b[3];
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
          for (String name : session.getInputNames()) {
            long[] data = name.contains("mask") ? b[1] : name.contains("type") ? b[2] : b[0];
            in.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
          }
          session.run(in).close();
        } finally {
          in.values().forEach(OnnxTensor::close);
        }
      }
    }

    @Override
    public void close() throws ai.onnxruntime.OrtException {
      session.close();
      tokenizer.close();
    }
  }

  // ---------------------------------------------------------------- 2. MLP vs GEMM

  /** {MLP GFLOP/s, GEMM GFLOP/s, MLP rows/s}. */
  private static double[] mlpVsGemm() {
    double gemm = 0;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      int n = 2048;
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      a.matMul(b).close();
      for (int rep = 0; rep < 3; rep++) {
        long t = System.nanoTime();
        NDArray c = a.matMul(b);
        c.getFloat(0, 0);
        double s = (System.nanoTime() - t) / 1e9;
        c.close();
        gemm = Math.max(gemm, 2.0 * n * n * n / s / 1e9);
      }
    }
    Embedder fixed = new Embedder() {
      @Override
      public float[] embed(EmbeddingInput input) {
        return new float[DIM];
      }

      @Override
      public String id() {
        return "zeros-" + DIM;
      }
    };
    int rows = 8192;
    ScorerConfig config = ScorerConfig.builder().epochs(1).patience(0).device(ScorerDevice.CPU).scoringBatchSize(rows).build();
    double best = 0;
    try (MlpScorer scorer = MlpScorer.builder().embedder(fixed).config(config).build()) {
      float[][] x = new float[rows][FEATURES];
      Random r = new Random(1);
      for (float[] row : x) {
        for (int j = 0; j < FEATURES; j++) {
          row[j] = (float) r.nextGaussian();
        }
      }
      ScorerInternals.fitFeatures(scorer, new float[][] {x[0], x[1]}, new int[] {0}, new int[] {1}, new float[] {1f},
          TrainingListener.NONE);
      ScorerInternals.scoreFeatures(scorer, x);
      for (int rep = 0; rep < 3; rep++) {
        long t = System.nanoTime();
        ScorerInternals.scoreFeatures(scorer, x);
        best = Math.max(best, rows / ((System.nanoTime() - t) / 1e9));
      }
    }
    double flopsPerRow = 2.0 * (FEATURES * 512.0 + 512.0 * 512 + 512);
    return new double[] {best * flopsPerRow / 1e9, gemm, best};
  }

  // ---------------------------------------------------------------- 3. end to end

  /** Runs {@code --e2e} in a child JVM with -Xmx1g; returns its {@code key value} lines. */
  private static Map<String, Double> child(String embedder, int n, int threads) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), SelectionPoolBenchmark.class.getName(), "--e2e", embedder,
        Integer.toString(n), Integer.toString(threads)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("end-to-end child (" + embedder + ", " + n + ") failed:\n" + out);
    }
    Map<String, Double> m = new HashMap<>();
    for (String line : out.split("\\R")) {
      if (line.startsWith("e2e ")) {
        String[] kv = line.substring(4).split(" ");
        m.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    return m;
  }

  /** The child: writes the pool, scores it twice (empty cache, warm cache) as {@code score} does. */
  private static void endToEndChild(String embedderName, int n, int threads) throws Exception {
    Path dir = Files.createTempDirectory("selection-pool");
    try {
      Path candidates = dir.resolve("candidates.jsonl");
      List<InstructionSample> pool = pool(n, 42);
      Set<String> distinct = new HashSet<>();
      try (BufferedWriter w = Files.newBufferedWriter(candidates, StandardCharsets.UTF_8)) {
        for (InstructionSample s : pool) {
          w.write(Samples.toJson(s));
          w.write('\n');
          distinct.addAll(allTexts(s));
        }
      }
      System.out.println("e2e distinct " + distinct.size());
      distinct = null;
      pool = null;
      System.gc();
      for (String run : List.of("cold", "warm")) {
        Embedder model = embedderName.equals("minilm")
            ? MiniLmEmbedder.builder().threads(threads).build() : HashingEmbedder.create(DIM);
        resetPeaks();
        long t0 = System.nanoTime();
        long[] counts = {0};
        MlpScorer.TextStats stats;
        long embedded;
        try (CachingEmbedder cache = CachingEmbedder.wrap(model, dir.resolve("cache"));
            MlpScorer scorer = untrained(cache);
            Journal journal = Journal.open(dir.resolve("scores-" + run + ".jsonl"))) {
          try (ScoringStream stream = scorer.openStream((s, v) -> {
            if (journal.append(s.id(), ScoreFiles.toJson(s.id(), v, "bench"))) {
              counts[0]++;
            }
          })) {
            Samples.forEach(candidates, s -> {
              if (!journal.contains(s.id())) {
                stream.accept(s);
              }
            });
          }
          stats = scorer.textStats();
          embedded = cache.misses();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (counts[0] != n) {
          throw new IllegalStateException("scored " + counts[0] + " of " + n);
        }
        System.out.println("e2e " + run + ".seconds " + secs);
        System.out.println("e2e " + run + ".rate " + n / secs);
        System.out.println("e2e " + run + ".texts " + stats.texts());
        System.out.println("e2e " + run + ".embedded " + embedded);
        System.out.println("e2e " + run + ".peakHeapMb " + peakHeapMb());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** A scorer with the default head (full text mode), trained on one pair so it can score. */
  private static MlpScorer untrained(Embedder e) {
    MlpScorer s = MlpScorer.builder().embedder(e).config(ScorerConfig.builder().epochs(1).patience(0)
        .device(ScorerDevice.CPU).build()).build();
    float[][] rows = {new float[s.inputDimension()], new float[s.inputDimension()]};
    rows[0][0] = 1;
    ScorerInternals.fitFeatures(s, rows, new int[] {0}, new int[] {1}, new float[] {1f}, TrainingListener.NONE);
    return s;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
      b.resetPeakUsage();
    }
  }

  private static double peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
      if (b.getType() == MemoryType.HEAP) {
        sum += b.getPeakUsage().getUsed();
      }
    }
    return sum / 1048576.0;
  }

  // ---------------------------------------------------------------- output

  /** The one-minute load average, or {@code n/a}. */
  private static String loadAverage() {
    return ResultRows.loadAverage().split(" ", 4)[0];
  }

  /** The table's row layout (BenchmarkReport reads it). */
  static final String FORMAT = "%-76s %14s %14s %70s %8s";
  private static final String HEADER = FORMAT + "%n";

  static String row(String what, double ours, double ref, String ratio, String target) {
    return ResultRows.row(FORMAT, what, ours, ref, ratio, target);
  }
}
