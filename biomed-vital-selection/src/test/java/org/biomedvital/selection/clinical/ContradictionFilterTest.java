package org.biomedvital.selection.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.select.Selectors;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class ContradictionFilterTest {
  // demonstration 35's caption (clinician demonstrations)
  private static final String CAPTION = "Chest computed tomography (CT) scan revealing an ill-defined mass in the"
      + " upper lobe of the right lung with ipsilateral mediastinal lymph node swelling.";

  private static ScoredSample candidate(String id, double score, String answer) {
    return new ScoredSample(InstructionSample.builder().id(id).image(id + ".jpg").caption(CAPTION)
        .conversation(Conversation.of("Where is the mass?", answer)).build(), score);
  }

  private final List<ScoredSample> pool = List.of(
      candidate("faithful", 0.5, "The CT shows an ill-defined mass in the upper lobe of the right lung."),
      candidate("wrong-side", 0.9, "The CT shows an ill-defined mass in the upper lobe of the left lung."),
      candidate("wrong-modality", 0.8, "The MRI shows an ill-defined mass in the upper lobe of the right lung."),
      candidate("silent", 0.7, "An ill-defined mass with swollen lymph nodes nearby."));

  @Test
  void dropsCandidatesThatContradictTheirCaptionAndKeepsTheRestBestFirst() {
    List<ScoredSample> kept = ContradictionFilter.dropContradictions().select(pool);

    assertThat(kept).extracting(s -> s.sample().id()).containsExactly("silent", "faithful");
  }

  @Test
  void composesWithOtherSelectors() {
    Selector s = ContradictionFilter.dropContradictions().andThen(Selectors.topK(1));

    assertThat(s.select(pool)).extracting(x -> x.sample().id()).containsExactly("silent");
  }

  @Test
  void registeredAsDropContradictionsWithDeclaredSettings() {
    Selector s = Providers.selector("drop-contradictions",
        ProviderSettings.of("max-contradicting-answers", "1"));

    assertThat(s).hasToString("drop-contradictions(max-contradicting-answers=1)");
    assertThat(s.select(pool)).hasSize(4);
    assertThatThrownBy(() -> Providers.selector("drop-contradictions",
        ProviderSettings.of("max-contradictions", "1"))).hasMessageContaining("max-contradicting-answers");
    assertThatThrownBy(() -> new DropContradictionsProvider().create(
        ProviderSettings.of("max-contradicting-answers", "-1"))).hasMessageContaining(">= 0");
  }
}
