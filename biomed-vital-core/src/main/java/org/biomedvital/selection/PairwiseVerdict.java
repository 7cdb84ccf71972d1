package org.biomedvital.selection;

import java.util.Objects;

/**
 * The outcome of a pairwise comparison.
 *
 * @param winner which candidate won
 * @param positionConsistent false when asking in both orders gave different winners (then the
 *     winner is {@link Winner#TIE})
 * @param rationale the judge's explanation, may be empty
 */
public record PairwiseVerdict(Winner winner, boolean positionConsistent, String rationale) {
  /** Validates. */
  public PairwiseVerdict {
    Objects.requireNonNull(winner, "winner == null");
    Objects.requireNonNull(rationale, "rationale == null");
  }

  /** Which side won. */
  public enum Winner {
    A,
    B,
    TIE
  }
}
