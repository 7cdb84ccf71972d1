package org.biomedvital.selection.scorer;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.VitalException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.clinical.ConsistencyFeatures;

/**
 * The feature side of {@link MlpScorer}: which texts of a candidate are embedded ({@link
 * TextMode}), the run's {@link TextMemo} so a shared text is embedded once, and the feature row
 * built from the vectors. The embedder's length is learned on first use (by embedding {@code ""}),
 * never in the scorer's builder. Thread-safe where {@link ScoringStream}'s stages need it.
 */
final class ScorerFeatures {
  /** Samples per embedding call when features are built outside a stream (fit, scoreAll). */
  private static final int FEATURE_CHUNK = 4096;

  private final Embedder embedder;
  private final ScorerConfig config;
  private final ImageRoot images;
  private final int memoTexts;
  private int embedderDimension = -1;
  private volatile TextMemo memo;

  ScorerFeatures(Embedder embedder, ScorerConfig config, ImageRoot images, int memoTexts) {
    this.embedder = embedder;
    this.config = config;
    this.images = images;
    this.memoTexts = memoTexts;
  }

  /** The embedder's vector length, learned on the first call. */
  synchronized int embedderDimension() {
    if (embedderDimension < 0) {
      embedderDimension = embedder.embed(EmbeddingInput.text("")).length;
    }
    return embedderDimension;
  }

  /** The feature length: the embedder's length times {@link TextMode#featureLength} plus the clinical columns. */
  int inputDimension() {
    return config.textMode().featureLength(embedderDimension()) + config.clinicalFeatureLength();
  }

  /** The run's memo of embedded texts, made on first use. */
  TextMemo memo() {
    TextMemo m = memo;
    if (m == null) {
      synchronized (this) {
        if (memo == null) {
          memo = memoTexts > 0 ? new TextMemo(memoTexts) : TextMemo.forHeap(embedderDimension());
        }
        m = memo;
      }
    }
    return m;
  }

  /** Embeds samples (text per {@link TextMode}, image when an image folder is set). */
  float[][] features(List<InstructionSample> samples) {
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
    TextMemo memo = memo();
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
      memo().forgetUnfilled();
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
   * ({@link TextMode#featureLength}), then the clinical consistency columns (issue 19), with {@link
   * #inputDimension()} grown to match.
   */
  private float[] featureRow(InstructionSample s, List<float[]> vectors) {
    float[] row = config.textMode() == TextMode.FULL
        ? combine(vectors, 0, vectors.size()) : vectors.get(0);
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
}
