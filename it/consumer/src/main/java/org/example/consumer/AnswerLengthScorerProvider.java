package org.example.consumer;

import java.util.Set;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Turn;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectionScorerProvider;

/**
 * An application's own scorer, made available by name ({@code answer-length}) through its own
 * {@code META-INF/services/org.biomedvital.spi.SelectionScorerProvider}: scores a candidate by the
 * words of its answers, up to {@code cap} words (default 50), in [0, 1].
 */
public final class AnswerLengthScorerProvider implements SelectionScorerProvider {
  /** The provider name. */
  public static final String NAME = "answer-length";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of("cap");
  }

  @Override
  public SelectionScorer create(ProviderSettings settings) {
    int cap = settings.intValue("cap", 50);
    if (cap < 1) {
      throw new IllegalArgumentException(NAME + ": cap must be >= 1 but was " + cap);
    }
    return sample -> Math.min(answerWords(sample), cap) / (double) cap;
  }

  /** The words of the sample's answers (every second turn). */
  public static int answerWords(InstructionSample sample) {
    int words = 0;
    var turns = sample.conversation().turns();
    for (int i = 1; i < turns.size(); i += 2) {
      Turn t = turns.get(i);
      words += t.text().isBlank() ? 0 : t.text().trim().split("\\s+").length;
    }
    return words;
  }
}
