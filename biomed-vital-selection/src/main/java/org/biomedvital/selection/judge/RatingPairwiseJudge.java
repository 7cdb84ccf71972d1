package org.biomedvital.selection.judge;

import java.util.Objects;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PreferenceJudge;

/**
 * A pair-wise judge built on a point-wise one: rates both candidates and prefers the higher score
 * (equal scores tie). Position cannot matter, so every verdict is position-consistent.
 */
public final class RatingPairwiseJudge implements PairwiseJudge {
  private final PreferenceJudge judge;

  private RatingPairwiseJudge(PreferenceJudge judge) {
    this.judge = judge;
  }

  /** Compares by {@code judge}'s ratings. */
  public static RatingPairwiseJudge of(PreferenceJudge judge) {
    return new RatingPairwiseJudge(Objects.requireNonNull(judge, "judge == null"));
  }

  @Override
  public PairwiseVerdict compare(InstructionSample a, InstructionSample b, ImageRef image) {
    Rating ra = judge.rate(a, image);
    Rating rb = judge.rate(b, image);
    int c = Double.compare(ra.normalised(), rb.normalised());
    PairwiseVerdict.Winner w =
        c > 0 ? PairwiseVerdict.Winner.A : c < 0 ? PairwiseVerdict.Winner.B : PairwiseVerdict.Winner.TIE;
    return new PairwiseVerdict(w, true, "scores " + ra.score() + " vs " + rb.score());
  }
}
