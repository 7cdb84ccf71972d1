package org.biomedvital.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.ScorerConfig;
import org.biomedvital.selection.scorer.ScorerDevice;
import org.biomedvital.selection.scorer.TextMode;
import org.biomedvital.selection.scorer.internal.ScorerInternals;

/**
 * The selection figures of the issue, printed as one table:
 *
 * <ol>
 *   <li>scorer training: 30,000 pairs x 6 epochs on 768-d precomputed features, batch 64, MLP
 *       768-512-512-1, Bradley-Terry loss, Adam; DJL PyTorch here and the same model, loss, batch
 *       and data in PyTorch (Debian's {@code python3-torch}) in a child process, same thread count;
 *       target: ours at most 1.5x PyTorch's time;
 *   <li>scoring 1,000,000 candidates with precomputed 768-d embeddings (run the JVM with {@code
 *       -Xmx512m}); target at least 50,000 a second;
 *   <li>(embedding throughput and the pool-scale figures are in {@link SelectionPoolBenchmark}).
 * </ol>
 *
 * <p>Arguments: {@code [threads (2)] [python (/usr/bin/python3)] [epochs (6)] [pairs (30000)]}. The PyTorch thread count is set
 * with {@code -Dai.djl.pytorch.num_threads}, which this main sets from the first argument when it
 * is not given.
 */
public final class SelectionBenchmark {
  private static final int DIM = 768;
  private static final int POOL = 20_000;
  private static int PAIRS = 30_000;
  private static int EPOCHS = 6;
  private static final int BATCH = 64;
  private static final int SCORE_N = 1_000_000;

  private SelectionBenchmark() {}

  /** Runs the benchmark and prints its figures. */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String python = args.length > 1 ? args[1] : "/usr/bin/python3";
    EPOCHS = args.length > 2 ? Integer.parseInt(args[2]) : EPOCHS;
    PAIRS = args.length > 3 ? Integer.parseInt(args[3]) : PAIRS;
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    List<String> rows = new ArrayList<>();
    Random r = new Random(1);
    float[][] features = new float[POOL][DIM];
    for (float[] f : features) {
      for (int j = 0; j < DIM; j++) {
        f[j] = (float) r.nextGaussian() * 0.05f;
      }
    }
    int[] chosen = new int[PAIRS];
    int[] rejected = new int[PAIRS];
    float[] weights = new float[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      int a = r.nextInt(POOL);
      int b = r.nextInt(POOL);
      // A learnable preference: the vector with the larger first component wins.
      boolean aWins = features[a][0] + features[a][1] >= features[b][0] + features[b][1];
      chosen[i] = aWins ? a : b;
      rejected[i] = aWins ? b : a;
      weights[i] = i % 100 == 0 ? 10f : 1f;
    }
    Embedder fixed = new PoolEmbedder(features);
    ScorerConfig config = ScorerConfig.builder().textMode(TextMode.JOINED).epochs(EPOCHS).batchSize(BATCH)
        .learningRate(1e-3).patience(0).device(ScorerDevice.CPU).scoringBatchSize(4096).build();
    try (MlpScorer scorer = MlpScorer.builder().embedder(fixed).config(config).build()) {
      ScorerInternals.fitFeatures(scorer, new float[][] {features[0]}, new int[] {0}, new int[] {0}, new float[] {1f},
          TrainingListener.NONE);
      long t0 = System.nanoTime();
      ScorerInternals.fitFeatures(scorer, features, chosen, rejected, weights, TrainingListener.NONE);
      double ours = (System.nanoTime() - t0) / 1e9;
      double torch = pytorch(python, threads, features, chosen, rejected, weights);
      rows.add(row(String.format(Locale.ROOT, "train %d pairs x %d epochs, 768-d, batch 64 (s)", PAIRS, EPOCHS),
          ours, torch,
          Double.isNaN(torch) ? "n/a" : ResultRows.fmt(ours / torch) + "x", "<= 1.5x"));

      float[][] chunk = new float[4096][];
      long t1 = System.nanoTime();
      double checksum = 0;
      for (int done = 0; done < SCORE_N; done += chunk.length) {
        int m = Math.min(chunk.length, SCORE_N - done);
        float[][] rowsOf = m == chunk.length ? chunk : new float[m][];
        for (int i = 0; i < m; i++) {
          rowsOf[i] = features[(done + i) % POOL];
        }
        double[] s = ScorerInternals.scoreFeatures(scorer, rowsOf);
        checksum += s[0];
      }
      double perSec = SCORE_N / ((System.nanoTime() - t1) / 1e9);
      rows.add(row("score 1M precomputed 768-d feature rows (/s)", perSec, Double.NaN,
          ResultRows.fmt(perSec / 50_000) + "x target", ">= 50,000/s"));

      long t2 = System.nanoTime();
      long[] count = {0};
      scorer.scoreStream(candidates(SCORE_N), (c, s) -> count[0]++);
      double streamPerSec = count[0] / ((System.nanoTime() - t2) / 1e9);
      rows.add(row("score 1M candidates via scoreStream, embeddings looked up (/s)", streamPerSec, Double.NaN,
          ResultRows.fmt(streamPerSec / 50_000) + "x target", ">= 50,000/s"));
      if (checksum == 42) {
        System.out.println();
      }
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "SelectionBenchmark (threads %d, max heap %d MiB, %d processors, load %s)%n",
        threads, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        ResultRows.loadAverage());
    System.out.printf(Locale.ROOT, FORMAT + "%n", "what", "ours", "reference", "ratio", "target");
    rows.forEach(System.out::println);
  }

  /** The table's row layout. */
  private static final String FORMAT = "%-66s %14s %14s %14s %12s";

  private static String row(String what, double ours, double ref, String ratio, String target) {
    return ResultRows.row(FORMAT, what, ours, ref, ratio, target);
  }

  /** Candidates made on the fly (bounded memory), each a distinct id and text. */
  private static Iterator<InstructionSample> candidates(int n) {
    Conversation c = Conversation.of("What is shown?", "A lesion.");
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public InstructionSample next() {
        String id = "c" + i++;
        return InstructionSample.builder().id(id).image(id + ".jpg").caption(id).conversation(c).build();
      }
    };
  }

  /**
   * Precomputed embeddings: a lookup of each text into a table of vectors (by the text's hash), as
   * a store of embeddings computed earlier would answer.
   */
  private static final class PoolEmbedder implements Embedder {
    private final float[][] pool;

    PoolEmbedder(float[][] pool) {
      this.pool = pool;
    }

    @Override
    public float[] embed(EmbeddingInput input) {
      return pool[Math.floorMod(input.text().hashCode(), pool.length)];
    }

    @Override
    public String id() {
      return "precomputed-" + DIM;
    }
  }

  /** Trains the same model in PyTorch on the same data; returns the training seconds or NaN. */
  private static double pytorch(String python, int threads, float[][] features, int[] chosen, int[] rejected,
      float[] weights) throws Exception {
    if (!Files.isExecutable(Path.of(python))) {
      System.err.println("no " + python + "; install python3-torch to get the PyTorch reference");
      return Double.NaN;
    }
    Path dir = Files.createTempDirectory("selection-benchmark");
    try {
      ByteBuffer f = ByteBuffer.allocate(features.length * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : features) {
        for (float v : row) {
          f.putFloat(v);
        }
      }
      Files.write(dir.resolve("features.f32"), f.array());
      ByteBuffer p = ByteBuffer.allocate(chosen.length * 12).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < chosen.length; i++) {
        p.putInt(chosen[i]);
      }
      for (int i = 0; i < chosen.length; i++) {
        p.putInt(rejected[i]);
      }
      for (int i = 0; i < chosen.length; i++) {
        p.putFloat(weights[i]);
      }
      Files.write(dir.resolve("pairs.bin"), p.array());
      Path script = dir.resolve("train.py");
      Files.writeString(script, String.join("\n",
          "import sys, time, numpy as np, torch",
          "threads, pool, dim, n, epochs, batch = map(int, sys.argv[2:8])",
          "torch.set_num_threads(threads)",
          "torch.manual_seed(42)",
          "x = torch.from_numpy(np.fromfile(sys.argv[1] + '/features.f32', dtype='<f4').reshape(pool, dim))",
          "raw = np.fromfile(sys.argv[1] + '/pairs.bin', dtype='<i4')",
          "c = torch.from_numpy(raw[:n].astype(np.int64)); r = torch.from_numpy(raw[n:2*n].astype(np.int64))",
          "w = torch.from_numpy(raw[2*n:].view('<f4').copy())",
          "net = torch.nn.Sequential(torch.nn.Linear(dim, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),",
          "                          torch.nn.ReLU(), torch.nn.Linear(512, 1))",
          "opt = torch.optim.Adam(net.parameters(), lr=1e-3)",
          "g = torch.Generator().manual_seed(42)",
          "t0 = time.perf_counter()",
          "for epoch in range(epochs):",
          "    order = torch.randperm(n, generator=g)",
          "    for i in range(0, n, batch):",
          "        idx = order[i:i + batch]; m = idx.shape[0]",
          "        s = net(torch.cat([x[c[idx]], x[r[idx]]])).reshape(-1)",
          "        loss = (torch.nn.functional.softplus(s[m:] - s[:m]) * w[idx]).mean()",
          "        opt.zero_grad(); loss.backward(); opt.step()",
          "print('seconds', time.perf_counter() - t0)",
          ""));
      Process proc = new ProcessBuilder(python, script.toString(), dir.toString(), Integer.toString(threads),
          Integer.toString(features.length), Integer.toString(DIM), Integer.toString(chosen.length),
          Integer.toString(EPOCHS), Integer.toString(BATCH)).redirectErrorStream(true).start();
      String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!proc.waitFor(30, TimeUnit.MINUTES) || proc.exitValue() != 0) {
        System.err.println("PyTorch reference failed: " + output);
        return Double.NaN;
      }
      for (String line : output.split("\n")) {
        if (line.startsWith("seconds ")) {
          return Double.parseDouble(line.substring(8).trim());
        }
      }
      System.err.println("PyTorch reference printed no time: " + output);
      return Double.NaN;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
