package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RubricTest {
  @TempDir Path dir;

  @Test
  void defaultRubricCarriesTheClinicianCriteriaAndAnId() {
    Rubric r = Rubric.clinicianDefault();

    assertThat(r.fullId()).isEqualTo("biomed-vital-clinician@1");
    assertThat(r.scale()).isEqualTo(10);
    assertThat(r.criteria()).hasSize(6);
    assertThat(r.extraFactors()).hasSize(3);
    assertThat(r.render()).contains("1. Scope and relevance", "6. Use of the image",
        "- Clarity", "\"score\"");
  }

  @Test
  void rubricRoundTripsThroughAFile() throws Exception {
    Rubric custom = new Rubric("ward-rubric", "3", 5, "", "Rate it.",
        java.util.List.of("Correct."), java.util.List.of(), "First line: the score.");
    Path f = dir.resolve("r.json");
    Files.writeString(f, custom.toJson());

    assertThat(Rubric.load(f)).isEqualTo(custom);
  }

  @Test
  void badRubricFileNamesFileAndField() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"id\": \"x\", \"version\": \"1\", \"criteria\": [\"a\"], \"output\": \"o\"}");

    assertThatThrownBy(() -> Rubric.load(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ": field 'role' is required and must be a string");
  }
}
