package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.biomedvital.internal.Checks;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.select.Selectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A selector that drops candidates whose answers contradict their figure's caption and mentions, or
 * their questions, in a clinical fact ({@link FactChecker}); the rest are returned best first
 * ({@link Selectors#BEST_FIRST}), so it composes with any selector:
 *
 * <pre>{@code
 * Selector s = ContradictionFilter.dropContradictions().andThen(Selectors.topFraction(0.8));
 * }</pre>
 *
 * <p>Registered as the selector {@code drop-contradictions} ({@link DropContradictionsProvider}).
 * Thread-safe.
 */
public final class ContradictionFilter implements Selector {
  private static final Logger LOG = LoggerFactory.getLogger(ContradictionFilter.class);

  private final FactChecker checker;
  private final int maxContradicting;

  private ContradictionFilter(FactChecker checker, int maxContradicting) {
    this.checker = checker;
    this.maxContradicting = maxContradicting;
  }

  /** Drops every candidate with an answer that contradicts its caption or question (built-in lexicon). */
  public static ContradictionFilter dropContradictions() {
    return of(FactChecker.create(), 0);
  }

  /**
   * Drops candidates with more than {@code maxContradicting} answers that contradict their caption
   * or question.
   */
  public static ContradictionFilter of(FactChecker checker, int maxContradicting) {
    return new ContradictionFilter(Objects.requireNonNull(checker, "checker == null"),
        Checks.nonNegative(maxContradicting, "maxContradicting"));
  }

  /** How many answers of a candidate contradict its caption or question. */
  public int contradictingAnswers(ScoredSample candidate) {
    int n = 0;
    for (FactChecker.PairCheck p : checker.check(candidate.sample())) {
      if (!p.contradictions().isEmpty()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public List<ScoredSample> select(List<ScoredSample> scored) {
    List<ScoredSample> out = new ArrayList<>(scored.size());
    for (ScoredSample s : scored) {
      if (contradictingAnswers(s) <= maxContradicting) {
        out.add(s);
      }
    }
    out.sort(Selectors.BEST_FIRST);
    LOG.info("drop-contradictions: kept {} of {} candidates", out.size(), scored.size());
    return out;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "drop-contradictions(max-contradicting-answers=%d)", maxContradicting);
  }
}
