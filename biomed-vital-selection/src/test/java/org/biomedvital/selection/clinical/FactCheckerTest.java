package org.biomedvital.selection.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.biomedvital.data.QaPair;
import org.junit.jupiter.api.Test;

/** What a question presupposes: an open question presupposes the findings it names, a yes/no question does not. */
final class FactCheckerTest {
  // demonstration 25's caption (clinician demonstrations)
  private static final String CAPTION = "T1-weighted MRI image showing leptomeningeal enhancement (arrows).";
  private final FactChecker checker = FactChecker.create();

  private List<Contradiction> withQuestion(String question, String answer) {
    return checker.check(List.of(new QaPair(question, answer)), CAPTION).get(0).withQuestion().contradictions();
  }

  @Test
  void anOpenQuestionPresupposesWhatItNames() {
    assertThat(withQuestion("What does the leptomeningeal enhancement signify in this MRI image?",
        "There is no leptomeningeal enhancement in this image.")).extracting(Contradiction::kind)
        .containsExactly(FactKind.NEGATION);
    assertThat(withQuestion("What does the absence of a fracture indicate?", "The fracture is clearly seen."))
        .extracting(Contradiction::explain).containsExactly("negation: the answer says fractur, the question says no fractur");
  }

  @Test
  void aYesNoQuestionPresupposesNothingItAsksAbout() {
    assertThat(withQuestion("Is there any leptomeningeal enhancement in this MRI image?",
        "There is no leptomeningeal enhancement in this image.")).isEmpty();
    assertThat(FactChecker.asksOpenly("According to the CT image, does the patient have cardiomegaly?")).isFalse();
    assertThat(FactChecker.asksOpenly("In these MRI images, how do the two areas differ?")).isTrue();
  }
}
