package org.biomedvital.selection;

import java.util.List;
import java.util.Objects;

/**
 * Picks the training set from scored candidates. Selectors compose with {@link #andThen}: the next
 * one sees only what this one kept.
 */
@FunctionalInterface
public interface Selector {

  /** Returns the kept candidates, best first. */
  List<ScoredSample> select(List<ScoredSample> scored);

  /** This selector, then {@code next} on what it kept. */
  default Selector andThen(Selector next) {
    Objects.requireNonNull(next, "next == null");
    Selector first = this;
    return new Selector() {
      @Override
      public List<ScoredSample> select(List<ScoredSample> scored) {
        return next.select(first.select(scored));
      }

      @Override
      public String toString() {
        return first + " then " + next;
      }
    };
  }
}
