package org.biomedvital.selection.scorer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * Hyper-parameters of the {@link MlpScorer}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * ScorerConfig config = ScorerConfig.builder().epochs(10).learningRate(5e-4).seed(7).build();
 * }</pre>
 */
public final class ScorerConfig {
  /** The default text mode: {@link TextMode#FULL}. */
  public static final TextMode DEFAULT_TEXT_MODE = TextMode.FULL;
  /** The default loss: {@link PairLoss#BRADLEY_TERRY}. */
  public static final PairLoss DEFAULT_LOSS = PairLoss.BRADLEY_TERRY;
  /** Whether the clinical consistency features are on by default: yes. */
  public static final boolean DEFAULT_CLINICAL_FEATURES = true;
  /** The default hidden layers: input -> 512 -> 512 -> 1. */
  public static final List<Integer> DEFAULT_HIDDEN = List.of(512, 512);
  /** The default Adam learning rate (the head alone trains on frozen embeddings, so above the paper's 1e-5). */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** The default number of epochs (the paper's). */
  public static final int DEFAULT_EPOCHS = 6;
  /** The default pairs per batch (the paper's). */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /** The default seed. */
  public static final long DEFAULT_SEED = 42;
  /** The default early-stopping patience in epochs. */
  public static final int DEFAULT_PATIENCE = 2;
  /** The default device: {@link ScorerDevice#AUTO}. */
  public static final ScorerDevice DEFAULT_DEVICE = ScorerDevice.AUTO;
  /** The default candidates per scoring batch. */
  public static final int DEFAULT_SCORING_BATCH = 1024;
  /** The defaults. */
  public static final ScorerConfig DEFAULT = builder().build();

  private final TextMode textMode;
  private final PairLoss loss;
  private final List<Integer> hidden;
  private final double learningRate;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final int patience;
  private final ScorerDevice device;
  private final int scoringBatchSize;
  private final boolean clinicalFeatures;

  private ScorerConfig(Builder b) {
    this.textMode = b.textMode;
    this.loss = b.loss;
    this.hidden = List.copyOf(b.hidden);
    this.learningRate = b.learningRate;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.patience = b.patience;
    this.device = b.device;
    this.scoringBatchSize = b.scoringBatchSize;
    this.clinicalFeatures = b.clinicalFeatures;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    return new Builder().textMode(textMode).loss(loss).hidden(hidden).learningRate(learningRate)
        .epochs(epochs).batchSize(batchSize).seed(seed).patience(patience).device(device)
        .scoringBatchSize(scoringBatchSize).clinicalFeatures(clinicalFeatures);
  }

  /** The official set-up, for reproducing published numbers: compat text, hinge on sigmoid, input->512->512->512->1, lr 1e-5. */
  public static ScorerConfig compat() {
    return builder().textMode(TextMode.COMPAT).loss(PairLoss.HINGE).hidden(List.of(512, 512, 512))
        .learningRate(1e-5).build();
  }

  /** Which text of a candidate is embedded. */
  public TextMode textMode() {
    return textMode;
  }

  /** The pairwise loss. */
  public PairLoss loss() {
    return loss;
  }

  /** The hidden layer widths, input side first (the output layer of width 1 is implied). */
  public List<Integer> hidden() {
    return hidden;
  }

  /** The Adam learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The most epochs to train. */
  public int epochs() {
    return epochs;
  }

  /** Pairs per training batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The seed of initialisation and shuffling. */
  public long seed() {
    return seed;
  }

  /** Epochs without a better validation loss before stopping; 0 trains every epoch. */
  public int patience() {
    return patience;
  }

  /** Where the head runs: {@link ScorerDevice#AUTO} (GPU when present), CPU or GPU. */
  public ScorerDevice device() {
    return device;
  }

  /** Candidates per scoring batch. */
  public int scoringBatchSize() {
    return scoringBatchSize;
  }

  /**
   * Whether the clinical consistency features ({@link
   * org.biomedvital.selection.clinical.ConsistencyFeatures}) follow the embedding features; they are
   * used in {@link TextMode#FULL} only.
   */
  public boolean clinicalFeatures() {
    return clinicalFeatures;
  }

  /** The number of clinical consistency features this configuration appends (0 when off or not {@code full}). */
  public int clinicalFeatureLength() {
    return clinicalFeatures && textMode == TextMode.FULL
        ? org.biomedvital.selection.clinical.ConsistencyFeatures.LENGTH : 0;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ScorerConfig)) {
      return false;
    }
    ScorerConfig c = (ScorerConfig) o;
    return textMode == c.textMode && loss == c.loss && hidden.equals(c.hidden)
        && Double.compare(learningRate, c.learningRate) == 0 && epochs == c.epochs
        && batchSize == c.batchSize && seed == c.seed && patience == c.patience
        && device == c.device && scoringBatchSize == c.scoringBatchSize
        && clinicalFeatures == c.clinicalFeatures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(textMode, loss, hidden, learningRate, epochs, batchSize, seed, patience,
        device, scoringBatchSize, clinicalFeatures);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "ScorerConfig{text=%s, loss=%s, hidden=%s, lr=%s, epochs=%d, batch=%d, seed=%d, patience=%d, device=%s,"
            + " clinical=%s}",
        textMode, loss.wireName(), hidden, learningRate, epochs, batchSize, seed, patience, device, clinicalFeatures);
  }

  /** Builds {@link ScorerConfig}s; every setter checks its argument. */
  public static final class Builder {
    private TextMode textMode = DEFAULT_TEXT_MODE;
    private PairLoss loss = DEFAULT_LOSS;
    private List<Integer> hidden = DEFAULT_HIDDEN;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed = DEFAULT_SEED;
    private int patience = DEFAULT_PATIENCE;
    private ScorerDevice device = DEFAULT_DEVICE;
    private int scoringBatchSize = DEFAULT_SCORING_BATCH;
    private boolean clinicalFeatures = DEFAULT_CLINICAL_FEATURES;

    private Builder() {}

    /** Which text is embedded; default {@link #DEFAULT_TEXT_MODE}. */
    public Builder textMode(TextMode textMode) {
      this.textMode = Objects.requireNonNull(textMode, "textMode == null");
      return this;
    }

    /** The loss; default {@link #DEFAULT_LOSS}. */
    public Builder loss(PairLoss loss) {
      this.loss = Objects.requireNonNull(loss, "loss == null");
      return this;
    }

    /** Hidden layer widths; default {@link #DEFAULT_HIDDEN}; may be empty (a linear scorer). */
    public Builder hidden(List<Integer> hidden) {
      for (Integer h : hidden) {
        Checks.checkArgument(h != null && h > 0, "hidden layer widths must be > 0 but were %s", hidden);
      }
      this.hidden = List.copyOf(hidden);
      return this;
    }

    /** The learning rate; default {@link #DEFAULT_LEARNING_RATE}. */
    public Builder learningRate(double learningRate) {
      Checks.checkArgument(learningRate > 0 && Double.isFinite(learningRate),
          "learningRate must be finite and > 0 but was %s", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /** The most epochs; default {@link #DEFAULT_EPOCHS}. */
    public Builder epochs(int epochs) {
      this.epochs = Checks.positive(epochs, "epochs");
      return this;
    }

    /** Pairs per batch; default {@link #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.positive(batchSize, "batchSize");
      return this;
    }

    /** The seed; default {@link #DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Early-stopping patience in epochs, 0 to train all; default {@link #DEFAULT_PATIENCE}. */
    public Builder patience(int patience) {
      this.patience = Checks.nonNegative(patience, "patience");
      return this;
    }

    /** Where the head runs; default {@link #DEFAULT_DEVICE}. */
    public Builder device(ScorerDevice device) {
      this.device = Objects.requireNonNull(device, "device == null");
      return this;
    }

    /** Candidates per scoring batch; default {@link #DEFAULT_SCORING_BATCH}. */
    public Builder scoringBatchSize(int scoringBatchSize) {
      this.scoringBatchSize = Checks.positive(scoringBatchSize, "scoringBatchSize");
      return this;
    }

    /**
     * Whether the clinical consistency features follow the embedding features in {@link
     * TextMode#FULL}; default {@link #DEFAULT_CLINICAL_FEATURES}. False is the ablation (embeddings
     * alone).
     */
    public Builder clinicalFeatures(boolean clinicalFeatures) {
      this.clinicalFeatures = clinicalFeatures;
      return this;
    }

    /** Builds the configuration. */
    public ScorerConfig build() {
      return new ScorerConfig(this);
    }
  }
}
