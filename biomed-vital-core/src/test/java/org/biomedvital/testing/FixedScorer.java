package org.biomedvital.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.SelectionScorer;

/**
 * A {@link SelectionScorer} for tests with known scores: by sample id from a map (with a default),
 * or computed by a function. Records the ids it scored. Thread-safe.
 */
public final class FixedScorer implements SelectionScorer {
  private final ToDoubleFunction<InstructionSample> function;
  private final List<String> scored = new ArrayList<>();

  private FixedScorer(ToDoubleFunction<InstructionSample> function) {
    this.function = function;
  }

  /** Every sample gets {@code score}. */
  public static FixedScorer constant(double score) {
    return new FixedScorer(s -> score);
  }

  /** Scores by sample id; ids not in the map get {@code defaultScore}. */
  public static FixedScorer byId(Map<String, Double> scores, double defaultScore) {
    Map<String, Double> copy = Map.copyOf(scores);
    return new FixedScorer(s -> copy.getOrDefault(s.id(), defaultScore));
  }

  /** Scores with a function of the sample, e.g. the length of the first answer. */
  public static FixedScorer of(ToDoubleFunction<InstructionSample> function) {
    return new FixedScorer(Objects.requireNonNull(function, "function == null"));
  }

  @Override
  public double score(InstructionSample sample) {
    synchronized (scored) {
      scored.add(sample.id());
    }
    return function.applyAsDouble(sample);
  }

  /** The ids scored so far, in call order. */
  public List<String> scoredIds() {
    synchronized (scored) {
      return List.copyOf(scored);
    }
  }
}
