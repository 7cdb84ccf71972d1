package org.biomedvital.selection.clinical;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.selection.Selector;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectorProvider;

/**
 * {@code drop-contradictions}: the {@link ContradictionFilter}. Settings: {@code
 * max-contradicting-answers} (default 0: any contradicting answer drops the candidate) and {@code
 * lexicon} (a clinical lexicon file extending the built-in one).
 */
public final class DropContradictionsProvider extends DeclaredProvider<Selector>
    implements SelectorProvider {
  /** The provider name. */
  public static final String NAME = "drop-contradictions";

  /** Does nothing; {@link #create} builds the selector. */
  public DropContradictionsProvider() {
    super(NAME, Set.of("max-contradicting-answers", "lexicon"),
        "drop-contradictions: drops candidates whose answers contradict their caption or question in a"
        + " clinical fact (settings: max-contradicting-answers, lexicon)");
  }

  @Override
  public Selector create(ProviderSettings settings) {
    int max = settings.intValue("max-contradicting-answers", 0);
    if (max < 0) {
      throw new IllegalArgumentException("setting 'max-contradicting-answers' must be >= 0 but was " + max);
    }
    return ContradictionFilter.of(FactChecker.extendedBy(settings.pathValue("lexicon")), max);
  }
}
