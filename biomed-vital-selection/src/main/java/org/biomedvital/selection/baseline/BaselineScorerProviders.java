package org.biomedvital.selection.baseline;

import java.util.Set;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectionScorerProvider;

/** Service-loader providers of the baseline scorers. */
public final class BaselineScorerProviders {
  private BaselineScorerProviders() {}

  /** {@code random}: setting {@code seed} (default 0). */
  public static final class Random implements SelectionScorerProvider {
    @Override
    public Set<String> settingKeys() {
      return Set.of("seed");
    }

    @Override
    public String name() {
      return "random";
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return RandomScorer.withSeed(settings.longValue("seed", 0));
    }

    @Override
    public String description() {
      return "random baseline scorer; setting seed (0)";
    }
  }

  /** {@code length}: no settings. */
  public static final class Length implements SelectionScorerProvider {
    @Override
    public Set<String> settingKeys() {
      return Set.of();
    }

    @Override
    public String name() {
      return "length";
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return LengthScorer.INSTANCE;
    }

    @Override
    public String description() {
      return "answer-length baseline scorer";
    }
  }

  /** {@code judge-rating}: setting {@code ratings} (a ratings.jsonl path, required). */
  public static final class JudgeRating implements SelectionScorerProvider {
    @Override
    public Set<String> settingKeys() {
      return Set.of("ratings");
    }

    @Override
    public String name() {
      return "judge-rating";
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      return RatingScorer.fromFile(settings.pathValue("ratings").orElseThrow(() ->
          new IllegalArgumentException("setting 'ratings' is required: the judge's ratings.jsonl")));
    }

    @Override
    public String description() {
      return "the judge's rating as the score; setting ratings (ratings.jsonl)";
    }
  }
}
