package org.biomedvital.selection.clinician;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ClinicianAnnotationsTest {
  @TempDir Path dir;

  static final String TRAIN_JSON = "[\n"
      + " {\"img\": \"PMC1_F2.jpg\", \"question\": \"What does the arrow show?\",\n"
      + "  \"answer_positive\": \"A cavitary lesion in the right upper lobe.\",\n"
      + "  \"answer_negative\": \"The context provided indicates a lesion.\",\n"
      + "  \"fig_caption\": \"Chest CT with a cavitary lesion.\", \"inline_mention\": \"As shown in Fig. 2.\"},\n"
      + " {\"img\": \"PMC2_F1.jpg\", \"question\": \"Which stain is used?\",\n"
      + "  \"answer_positive\": \"Hematoxylin and eosin.\", \"answer_negative\": \"I cannot see the image.\"}\n"
      + "]\n";

  @Test
  void importsTheOfficialTrainFormat() throws Exception {
    Path f = write("train.json", TRAIN_JSON);

    List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.PAIRWISE, f);

    assertThat(pairs).hasSize(2);
    PreferencePair p = pairs.get(0);
    assertThat(p.source()).isEqualTo(PreferenceSource.CLINICIAN);
    assertThat(p.weight()).isEqualTo(1.0);
    assertThat(p.chosen().image()).isEqualTo("PMC1_F2.jpg");
    assertThat(p.chosen().figureId()).isEqualTo("PMC1_F2");
    assertThat(p.chosen().caption()).isEqualTo("Chest CT with a cavitary lesion.");
    assertThat(p.chosen().mentions()).containsExactly("As shown in Fig. 2.");
    assertThat(p.chosen().conversation().pairs()).containsExactly(
        new QaPair("What does the arrow show?", "A cavitary lesion in the right upper lobe."));
    assertThat(p.rejected().conversation().pairs().get(0).answer())
        .isEqualTo("The context provided indicates a lesion.");
    assertThat(p.chosen().id()).matches("PMC1_F2#[0-9a-f]{12}");
  }

  @Test
  void importsTheOfficialTestFormatAsJsonl() throws Exception {
    Path f = write("test.jsonl", "{\"img_positive\": \"a.jpg\", \"fig_caption_positive\": \"c1\", "
        + "\"inline_mention_positive\": \"m1\", \"question_positive\": \"q1\", "
        + "\"answer_positive\": \"good\", \"img_negative\": \"b.jpg\", \"fig_caption_negative\": \"c2\", "
        + "\"inline_mention_negative\": \"m2\", \"question_negative\": \"q2\", \"answer_negative\": \"bad\"}\n");

    PreferencePair p = ClinicianAnnotations.read(AnnotationFormat.PAIRWISE, f).get(0);

    assertThat(p.chosen().image()).isEqualTo("a.jpg");
    assertThat(p.rejected().image()).isEqualTo("b.jpg");
    assertThat(p.rejected().caption()).isEqualTo("c2");
    assertThat(p.rejected().conversation().pairs()).containsExactly(new QaPair("q2", "bad"));
  }

  @Test
  void pairwiseRecordWithoutAnswerNamesRecordAndField() throws Exception {
    Path f = write("train.json", "[{\"img\": \"a.jpg\", \"question\": \"q\", \"answer_positive\": \"x\"}]");

    assertThatThrownBy(() -> ClinicianAnnotations.read(AnnotationFormat.PAIRWISE, f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + " record 1: field 'answer_negative' is required but missing");
  }

  @Test
  void acceptRejectSheetGivesPairsWhereExactlyOneAnswerIsAccepted() throws Exception {
    Path f = write("sheet.csv", "item_id,annotator_id,role,image,caption,mentions,question,answer_1,"
        + "answer_2,accept_1,accept_2,confidence,rationale,time\n"
        + "i1,dr-a,radiologist,a.jpg,\"Cap, with comma\",m1 | m2,What is shown?,\"A mass,\nlobulated.\","
        + "The caption says a mass.,\u2717,\u2713,4,\"second is \"\"fine\"\"\",2024-05-01T10:00:00Z\n"
        + "i2,dr-a,radiologist,a.jpg,Cap,,Where?,Left lobe.,Right lobe.,yes,yes,,,\n"
        + "i3,dr-a,radiologist,a.jpg,Cap,,Size?,2 cm.,I cannot tell.,no,no,,,\n"
        + "i4,dr-a,radiologist,a.jpg,Cap,,Density?,Hyperdense.,Dense.,,accept,,,\n"
        + "i5,dr-a,radiologist,b.jpg,Cap,,Stain?,H&E.,Unknown.,accept,reject,5,,\n");

    List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT, f);

    assertThat(pairs).extracting(PreferencePair::id).containsExactly("ar-dr-a-i1", "ar-dr-a-i5");
    PreferencePair p = pairs.get(0);
    assertThat(p.annotatorId()).isEqualTo("dr-a");
    assertThat(p.chosen().conversation().pairs().get(0).answer()).isEqualTo("The caption says a mass.");
    assertThat(p.rejected().conversation().pairs().get(0).answer()).isEqualTo("A mass,\nlobulated.");
    assertThat(p.chosen().caption()).isEqualTo("Cap, with comma");
    assertThat(p.chosen().mentions()).containsExactly("m1", "m2");
    assertThat(p.attributes()).containsEntry("role", "radiologist")
        .containsEntry("confidence", "4").containsEntry("rationale", "second is \"fine\"")
        .containsEntry("time", "2024-05-01T10:00:00Z");
  }

  @Test
  void badAcceptValueNamesFileLineAndColumn() throws Exception {
    Path f = write("sheet.csv", "image,question,answer_1,answer_2,accept_1,accept_2\n"
        + "a.jpg,q,x,y,maybe,no\n");

    assertThatThrownBy(() -> ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT, f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ":2: field 'accept_1' must be accept/yes/1/\u2713 or reject/no/0/\u2717 "
            + "(or empty) but is 'maybe'");
  }

  @Test
  void missingColumnIsNamed() throws Exception {
    Path f = write("sheet.csv", "image,question,answer_1,answer_2,accept_1\n");

    assertThatThrownBy(() -> ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT, f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(f + ":1: field 'accept_2' column is missing");
  }

  @Test
  void eachFormatExportsAndReimportsTheSamePreferences() throws Exception {
    List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.PAIRWISE,
        write("train.json", TRAIN_JSON));

    for (String name : List.of("out.json", "sheet.csv", "page.json", "prefs.jsonl")) {
      AnnotationFormat format = name.equals("out.json") ? AnnotationFormat.PAIRWISE
          : name.equals("prefs.jsonl") ? AnnotationFormat.VITAL : AnnotationFormat.ACCEPT_REJECT;
      Path out = dir.resolve(name);
      int written = ClinicianAnnotations.write(format, pairs, out);
      List<PreferencePair> back = ClinicianAnnotations.read(format, out);

      assertThat(written).as(name).isEqualTo(2);
      assertThat(back).as(name).extracting(p -> p.chosen().id())
          .containsExactly(pairs.get(0).chosen().id(), pairs.get(1).chosen().id());
      assertThat(back).as(name).extracting(p -> p.rejected().id())
          .containsExactly(pairs.get(0).rejected().id(), pairs.get(1).rejected().id());
    }
    assertThat(ClinicianAnnotations.read(AnnotationFormat.VITAL, dir.resolve("prefs.jsonl")))
        .isEqualTo(pairs);
  }

  private Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }
}
