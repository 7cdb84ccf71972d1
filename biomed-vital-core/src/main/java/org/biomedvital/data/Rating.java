package org.biomedvital.data;

import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * A judge's score for one sample under a rubric.
 *
 * @param sampleId the rated sample
 * @param score the score, in [0, scale]
 * @param scale the top of the scale (10 for the BioMed-VITAL rubric)
 * @param rubricId the id (and version) of the rubric the judge applied
 * @param rater the judge, e.g. {@code "gpt-4o"} or {@code "heuristic"}
 * @param rationale the judge's explanation, may be empty
 */
public record Rating(
    String sampleId, double score, double scale, String rubricId, String rater, String rationale) {

  /** Validates. */
  public Rating {
    Checks.notBlank(sampleId, "sampleId");
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException("scale must be finite and > 0 but was " + scale);
    }
    Checks.inRange(score, 0, scale, "score");
    Objects.requireNonNull(rubricId, "rubricId == null");
    Objects.requireNonNull(rater, "rater == null");
    Objects.requireNonNull(rationale, "rationale == null");
  }

  /** The score divided by the scale, in [0, 1]. */
  public double normalised() {
    return score / scale;
  }
}
