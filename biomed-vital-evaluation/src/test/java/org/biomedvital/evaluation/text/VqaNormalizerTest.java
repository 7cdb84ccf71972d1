package org.biomedvital.evaluation.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class VqaNormalizerTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "The answer is: No, it is not.|answer is: no it is not",
      "Yes, there is a 1,000 ml fluid (left-side)|yes there is 1000 ml fluid leftside",
      "left-sided  mass; right/left|left sided mass right left",
      "Dont know. Im sure.|don't know im sure",
      "a.b.c 3.5 end.|abc 3.5 end",
      "one two three the an|1 2 3",
      "x - y|x y",
      "somebody'd aint|somebodyd ain't",
      "None of them|0 of them",
  })
  void normalisesAsLlavaMed(String in, String expected) {
    assertThat(VqaNormalizer.normalize(in)).isEqualTo(expected);
  }

  @Test
  void aMarkNextToASpaceIsDeletedEverywhereElseItBecomesASpace() {
    assertThat(VqaNormalizer.normalize("ct-scan and x -ray")).isEqualTo("ctscan and x ray");
    assertThat(VqaNormalizer.normalize("ct-scan and x-ray")).isEqualTo("ct scan and x ray");
  }

  @Test
  void aDigitCommaDigitGroupDeletesAllListedMarks() {
    assertThat(VqaNormalizer.normalize("1,5 mm (left-side)")).isEqualTo("15 mm leftside");
  }

  @Test
  void onlyTheFirst32PeriodsAreDeleted() {
    String in = String.join(" ", Collections.nCopies(33, "x."));

    String out = VqaNormalizer.normalize(in);

    assertThat(out).isEqualTo(String.join(" ", Collections.nCopies(32, "x")) + " x.");
  }

  @Test
  void periodsBeforeDigitsAndUnlistedMarksStay() {
    assertThat(VqaNormalizer.normalize("size 2.5 cm: big* lesion's")).isEqualTo("size 2.5 cm: big* lesion's");
  }

  @Test
  void splitsOnPythonWhitespaceIncludingNoBreakAndEmSpaces() {
    assertThat(VqaNormalizer.normalize("\u00a0Hello\u2003World\u001c!")).isEqualTo("hello world");
  }

  @Test
  void capitalisedContractionKeysNeverMatchBecauseWordsAreLowerCased() {
    assertThat(VqaNormalizer.normalize("Im Ive")).isEqualTo("im ive");
  }
}
