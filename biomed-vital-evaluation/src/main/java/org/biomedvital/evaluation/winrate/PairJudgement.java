package org.biomedvital.evaluation.winrate;

import java.util.Objects;
import java.util.Optional;

/**
 * The judge's replies for one question: with the first model's answer as assistant A, and, when
 * both orders were asked, with it as assistant B.
 *
 * @param questionId the question
 * @param forward the reply with the first model as A
 * @param backward the reply with the first model as B, if that order was asked
 */
public record PairJudgement(String questionId, String forward, Optional<String> backward) {
  /** Validates. */
  public PairJudgement {
    Objects.requireNonNull(questionId, "questionId == null");
    Objects.requireNonNull(forward, "forward == null");
    Objects.requireNonNull(backward, "backward == null");
  }

  /**
   * The outcome for the first model. Each order's verdict counts +1 (first model better), 0 (tie)
   * or -1; the sum decides. So a win in one order and a tie in the other is a win, and opposite
   * verdicts (position bias) are a tie.
   */
  public Outcome outcome() {
    Optional<Verdict> f = Verdict.parse(forward);
    if (f.isEmpty()) {
      return Outcome.UNPARSEABLE;
    }
    int score = f.get() == Verdict.A ? 1 : f.get() == Verdict.B ? -1 : 0;
    if (backward.isPresent()) {
      Optional<Verdict> b = Verdict.parse(backward.get());
      if (b.isEmpty()) {
        return Outcome.UNPARSEABLE;
      }
      score += b.get() == Verdict.B ? 1 : b.get() == Verdict.A ? -1 : 0;
    }
    return score > 0 ? Outcome.WIN : score < 0 ? Outcome.LOSS : Outcome.TIE;
  }

  /** Whether the two orders gave opposite decisive verdicts (the judge followed the position). */
  public boolean inconsistent() {
    if (backward.isEmpty()) {
      return false;
    }
    Optional<Verdict> f = Verdict.parse(forward);
    Optional<Verdict> b = Verdict.parse(backward.get());
    return f.isPresent() && b.isPresent() && f.get() != Verdict.TIE && f.get() == b.get();
  }
}
