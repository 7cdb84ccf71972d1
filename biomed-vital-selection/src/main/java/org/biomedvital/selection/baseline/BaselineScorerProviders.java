package org.biomedvital.selection.baseline;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectionScorerProvider;

/** Service-loader providers of the baseline scorers. */
public final class BaselineScorerProviders {
  private BaselineScorerProviders() {}

  /** {@code random}: setting {@code seed} (default 0). */
  public static final class Random extends DeclaredProvider<SelectionScorer>
      implements SelectionScorerProvider {
    /** Does nothing; {@link #create} builds the scorer. */
    public Random() {
      super("random", Set.of("seed"), "random baseline scorer; setting seed (0)");
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return RandomScorer.withSeed(settings.longValue("seed", 0));
    }
  }

  /** {@code length}: no settings. */
  public static final class Length extends DeclaredProvider<SelectionScorer>
      implements SelectionScorerProvider {
    /** Does nothing; {@link #create} builds the scorer. */
    public Length() {
      super("length", Set.of(), "answer-length baseline scorer");
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return LengthScorer.INSTANCE;
    }
  }

  /** {@code judge-rating}: setting {@code ratings} (a ratings.jsonl path, required). */
  public static final class JudgeRating extends DeclaredProvider<SelectionScorer>
      implements SelectionScorerProvider {
    /** Does nothing; {@link #create} builds the scorer. */
    public JudgeRating() {
      super("judge-rating", Set.of("ratings"),
          "the judge's rating as the score; setting ratings (ratings.jsonl)");
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return RatingScorer.fromFile(settings.pathValue("ratings").orElseThrow(() ->
          new IllegalArgumentException("setting 'ratings' is required: the judge's ratings.jsonl")));
    }
  }
}
