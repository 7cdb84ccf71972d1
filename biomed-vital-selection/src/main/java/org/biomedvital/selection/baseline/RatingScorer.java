package org.biomedvital.selection.baseline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.preference.Ratings;

/**
 * Uses the judge's rating of a candidate as its score (AlpaGasus-style selection by a model's
 * grade, without a trained scorer). Thread-safe.
 */
public final class RatingScorer implements SelectionScorer {
  private final Map<String, Double> scores;
  private final String source;

  private RatingScorer(Map<String, Double> scores, String source) {
    this.scores = Map.copyOf(scores);
    this.source = source;
  }

  /** A scorer from sample id to rating. */
  public static RatingScorer of(Map<String, Double> ratings) {
    return new RatingScorer(Objects.requireNonNull(ratings, "ratings == null"), "the given ratings");
  }

  /**
   * A scorer from a {@code ratings.jsonl} written by the judge runner; a sample rated twice keeps
   * its last rating.
   *
   * @throws InvalidDataException when the file cannot be read
   */
  public static RatingScorer fromFile(Path ratings) {
    Map<String, Double> m = new HashMap<>();
    Ratings.forEach(ratings, r -> m.put(r.sample().id(), r.rating().score()));
    return new RatingScorer(m, ratings.toString());
  }

  /** The number of rated samples. */
  public int size() {
    return scores.size();
  }

  /**
   * The sample's rating.
   *
   * @throws InvalidDataException when the sample has no rating
   */
  @Override
  public double score(InstructionSample sample) {
    Double s = scores.get(sample.id());
    if (s == null) {
      throw new InvalidDataException(source, 0, "id",
          "has no rating for sample '" + sample.id() + "'; rate every candidate with the judge first");
    }
    return s;
  }

  @Override
  public String toString() {
    return "RatingScorer{" + scores.size() + " ratings}";
  }
}
