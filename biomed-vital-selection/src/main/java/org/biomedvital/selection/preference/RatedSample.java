package org.biomedvital.selection.preference;

import java.util.Objects;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;

/**
 * A candidate with the judge's rating of it: one line of {@code ratings.jsonl}.
 *
 * @param rating the rating; its sample id equals the sample's id
 * @param sample the rated candidate
 * @param scope what the judge looked at ({@code conversation} or {@code compat})
 */
public record RatedSample(Rating rating, InstructionSample sample, String scope) {
  /** Validates. */
  public RatedSample {
    Objects.requireNonNull(rating, "rating == null");
    Objects.requireNonNull(sample, "sample == null");
    Objects.requireNonNull(scope, "scope == null");
    if (!rating.sampleId().equals(sample.id())) {
      throw new IllegalArgumentException("rating is for '" + rating.sampleId()
          + "' but the sample is '" + sample.id() + "'");
    }
  }

  /** The score level used to build model pairs: the score rounded to the nearest integer. */
  public int level() {
    return (int) Math.round(rating.score());
  }
}
