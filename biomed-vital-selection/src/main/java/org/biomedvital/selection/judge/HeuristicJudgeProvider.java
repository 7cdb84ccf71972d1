package org.biomedvital.selection.judge;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.clinical.FactChecker;
import org.biomedvital.spi.PreferenceJudgeProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Registers the {@link HeuristicJudge} as {@code heuristic}. Settings: {@code rubric} (a rubric
 * JSON file whose id and scale are recorded; default the bundled clinician rubric), {@code scope}
 * ({@code conversation} or {@code compat}; default {@code conversation}) and {@code lexicon} (a
 * clinical lexicon file that extends the built-in one, see {@link org.biomedvital.selection.clinical.ClinicalLexicon}).
 */
public final class HeuristicJudgeProvider extends DeclaredProvider<PreferenceJudge>
    implements PreferenceJudgeProvider {
  /** The provider name. */
  public static final String NAME = "heuristic";

  /** Does nothing; {@link #create} builds the judge. */
  public HeuristicJudgeProvider() {
    super(NAME, Set.of("rubric", "scope", "lexicon"),
        "heuristic: offline rubric heuristic (grounding, length, diversity, no leaks, no "
        + "refusals, no clinical contradictions); settings rubric, scope, lexicon");
  }

  @Override
  public PreferenceJudge create(ProviderSettings settings) {
    Rubric rubric = settings.pathValue("rubric").map(Rubric::load).orElseGet(Rubric::clinicianDefault);
    JudgeScope scope = settings.get("scope").map(JudgeScope::parse).orElse(JudgeScope.CONVERSATION);
    return HeuristicJudge.of(rubric, scope, FactChecker.extendedBy(settings.pathValue("lexicon")));
  }
}
