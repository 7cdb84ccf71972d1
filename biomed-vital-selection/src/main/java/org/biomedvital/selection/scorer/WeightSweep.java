package org.biomedvital.selection.scorer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;
import org.biomedvital.Experimental;
import org.biomedvital.ScorerTrainingException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;

/**
 * The paper's human-weight sweep: for each weight {@code w}, every clinician training pair gets
 * weight {@code w} (model pairs keep theirs), a fresh scorer is trained, and its validation metrics
 * are recorded. The best is the one with the highest validation clinician alignment (then ROC-AUC,
 * then model-pair accuracy, then the smaller {@code w}); the others are closed.
 */
@Experimental("the sweep grid and its report may change with the clinician-weight study")
public final class WeightSweep {
  private WeightSweep() {}

  /**
   * One weight's outcome.
   *
   * @param weight the clinician pair weight w
   * @param humanShare the clinician share of the training loss mass
   * @param report the training report
   */
  public record Row(double weight, double humanShare, TrainingReport report) {
    /** A final metric, or NaN when the validation pairs could not give it. */
    public double metric(String name) {
      return report.finalMetrics().getOrDefault(name, Double.NaN);
    }
  }

  /**
   * The sweep's outcome; owns the best scorer (close it).
   *
   * @param rows one per weight, in the order given
   * @param best the chosen row
   * @param scorer the scorer trained with the best weight
   */
  public record Result(List<Row> rows, Row best, MlpScorer scorer) implements AutoCloseable {
    /** Copies. */
    public Result {
      rows = List.copyOf(rows);
    }

    @Override
    public void close() {
      scorer.close();
    }
  }

  /**
   * The sweep's outcome for any trainable scorer; owns the best scorer (close it).
   *
   * @param rows one per weight, in the order given
   * @param best the chosen row
   * @param scorer the scorer trained with the best weight
   * @param <S> the scorer type
   */
  public record Trained<S extends TrainableScorer>(List<Row> rows, Row best, S scorer)
      implements AutoCloseable {
    /** Copies. */
    public Trained {
      rows = List.copyOf(rows);
    }

    @Override
    public void close() {
      scorer.close();
    }
  }

  /**
   * Runs the sweep.
   *
   * @param dataset the pairs; clinician training pairs are re-weighted, validation pairs are not
   * @param weights the weights to try, e.g. 1, 10, 100, 200, 300, 400
   * @param scorers creates a fresh scorer for a weight (the sweep closes all but the best)
   * @param listener receives every epoch of every run
   * @throws IllegalArgumentException when several weights are given but {@code dataset} has no
   *     clinician validation pair: the choice is by held-out clinician alignment
   * @throws org.biomedvital.ScorerTrainingException when no run could measure that alignment
   */
  public static Result run(PreferenceDataset dataset, List<Double> weights,
      DoubleFunction<MlpScorer> scorers, TrainingListener listener) {
    Trained<MlpScorer> t = sweep(dataset, weights, scorers, listener);
    return new Result(t.rows(), t.best(), t.scorer());
  }

  /**
   * {@link #run} for any {@link TrainableScorer}.
   *
   * @param <S> the scorer type
   */
  public static <S extends TrainableScorer> Trained<S> sweep(PreferenceDataset dataset,
      List<Double> weights, DoubleFunction<S> scorers, TrainingListener listener) {
    Objects.requireNonNull(dataset, "dataset == null");
    Objects.requireNonNull(scorers, "scorers == null");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("weights must not be empty");
    }
    long heldOut = dataset.validation().stream()
        .filter(p -> p.source() == PreferenceSource.CLINICIAN).count();
    if (weights.size() > 1 && heldOut == 0) {
      throw new IllegalArgumentException("the sweep over w " + weights + " chooses w by held-out "
          + "clinician alignment, but the pairs hold no clinician validation pair; build the pairs "
          + "with clinician pairs held out (pairs --clinician-validation 0.2, or the pipeline's "
          + "pairs.clinician-validation) or train one weight");
    }
    List<Row> rows = new ArrayList<>();
    Row best = null;
    S bestScorer = null;
    Comparator<Row> order = Comparator.comparingDouble((Row r) -> orZero(r, ScorerMetrics.CLINICIAN_ALIGNMENT))
        .thenComparingDouble(r -> orZero(r, ScorerMetrics.ROC_AUC))
        .thenComparingDouble(r -> orZero(r, ScorerMetrics.MODEL_PAIR_ACCURACY))
        .thenComparingDouble(r -> -r.weight());
    for (double w : weights) {
      PreferenceDataset weighted = reweight(dataset, w);
      S scorer = scorers.apply(w);
      TrainingReport report;
      try {
        report = scorer.fit(weighted, listener);
      } catch (RuntimeException e) {
        scorer.close();
        if (bestScorer != null) {
          bestScorer.close();
        }
        throw e;
      }
      Row row = new Row(w, weighted.humanShare(), report);
      rows.add(row);
      if (best == null || order.compare(row, best) > 0) {
        if (bestScorer != null) {
          bestScorer.close();
        }
        best = row;
        bestScorer = scorer;
      } else {
        scorer.close();
      }
    }
    if (weights.size() > 1 && Double.isNaN(best.metric(ScorerMetrics.CLINICIAN_ALIGNMENT))) {
      bestScorer.close();
      throw new ScorerTrainingException("the sweep over w " + weights + " could not measure "
          + "clinician alignment on the " + heldOut + " held-out clinician pairs; check them");
    }
    return new Trained<>(rows, best, bestScorer);
  }

  private static double orZero(Row r, String metric) {
    double v = r.metric(metric);
    return Double.isNaN(v) ? 0 : v;
  }

  /** The dataset with every clinician training pair at weight {@code w}. */
  public static PreferenceDataset reweight(PreferenceDataset dataset, double w) {
    List<PreferencePair> train = new ArrayList<>(dataset.train().size());
    for (PreferencePair p : dataset.train()) {
      train.add(p.source() == PreferenceSource.CLINICIAN ? p.withWeight(w) : p);
    }
    return new PreferenceDataset(train, dataset.validation());
  }

  /** Formats rows as a table of weight, human share and the validation metrics, with Locale.ROOT. */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
        "%8s %12s %20s %20s %8s%n", "w", "human_share", "clinician_alignment", "model_pair_accuracy", "roc_auc"));
    for (Row r : rows) {
      Map<String, Double> m = r.report().finalMetrics();
      sb.append(String.format(java.util.Locale.ROOT, "%8.1f %12.4f %20.4f %20.4f %8.4f%n", r.weight(),
          r.humanShare(), m.getOrDefault(ScorerMetrics.CLINICIAN_ALIGNMENT, Double.NaN),
          m.getOrDefault(ScorerMetrics.MODEL_PAIR_ACCURACY, Double.NaN),
          m.getOrDefault(ScorerMetrics.ROC_AUC, Double.NaN)));
    }
    return sb.toString();
  }
}
