package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LlavaTrainingExportTest {
  @TempDir Path dir;
  Path images;

  @BeforeEach
  void images() throws Exception {
    images = dir.resolve("images");
    Files.createDirectories(images.resolve("sub"));
    for (String n : List.of("a.jpg", "b.jpg", "sub/c.jpg")) {
      Files.write(images.resolve(n), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
    }
  }

  private static InstructionSample sample(String id, String image, String... turns) {
    return InstructionSample.builder().id(id).image(image).domains(Set.of(Domain.CT_SCAN))
        .caption("Caption of " + id).conversation(Conversation.of(turns)).build();
  }

  @Test
  void exportsOneImageTokenAlternatingRolesAndRelativePaths() {
    List<InstructionSample> in = List.of(
        sample("1", "a.jpg", "What is shown?", "A CT.", "Where?", "Chest.", "Trailing?"),
        sample("2", images.resolve("sub/c.jpg").toString(), "<image>\nQ <image>", "A"),
        sample("3", "b.jpg", "<image>\nAlready placed", "Kept"));

    TrainingDataStatistics stats = LlavaTrainingExport.builder().imageFolder(images).seed(1)
        .build().exportInstructions(in, dir.resolve("train.json"));

    List<InstructionSample> out = LlavaJson.read(dir.resolve("train.json"));
    assertThat(out).hasSize(3);
    for (InstructionSample s : out) {
      assertThat(s.conversation().imageTokenCount()).isEqualTo(1);
      assertThat(s.conversation().turns().get(0).text()).contains("<image>");
      assertThat(s.conversation().turns().get(s.conversation().size() - 1).role())
          .isEqualTo(Role.GPT);
    }
    assertThat(out.get(0).conversation().size()).isEqualTo(4);
    assertThat(out.get(1).image()).isEqualTo("sub/c.jpg");
    assertThat(out.get(2).conversation().turns().get(0))
        .isEqualTo(Turn.human("<image>\nAlready placed"));
    assertThat(stats.records()).isEqualTo(3);
    assertThat(stats.qaPairs()).isEqualTo(4);
    assertThat(stats.missingImages()).isZero();
    assertThat(stats.imageTokenPrefix() + stats.imageTokenSuffix()).isEqualTo(3);
    assertThat(stats.domains()).containsEntry(Domain.CT_SCAN, 3);
  }

  @Test
  void missingImagesFailWithTheSampleOrAreSkipped() {
    List<InstructionSample> in = List.of(sample("1", "a.jpg", "Q", "A"),
        sample("gone", "missing.jpg", "Q", "A"));

    assertThatThrownBy(() -> LlavaTrainingExport.builder().imageFolder(images).build()
        .exportInstructions(in, dir.resolve("t.json")))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("sample 'gone' names image 'missing.jpg'")
        .hasMessageContaining("skipMissingImages");
    TrainingDataStatistics stats = LlavaTrainingExport.builder().imageFolder(images)
        .skipMissingImages(true).build().exportInstructions(in, dir.resolve("t.json"));
    assertThat(stats.records()).isEqualTo(1);
    assertThatThrownBy(() -> LlavaTrainingExport.builder().imageFolder(images).build()
        .exportInstructions(List.of(sample("x", "../a.jpg", "Q", "A")), dir.resolve("u.json")))
        .hasMessageContaining("leaves the image folder");
  }

  @Test
  void alignmentDataPairsADescriptionInstructionWithTheCaption() {
    List<Figure> figures = List.of(
        new Figure("111_F1", "111", "Figure 1", "Axial CT of the chest.", List.of(),
            Set.of(Domain.CT_SCAN), "a.jpg"),
        new Figure("222_F2", "222", "Figure 2", "", List.of(), Set.of(), "b.jpg"));

    TrainingDataStatistics stats = LlavaTrainingExport.builder().imageFolder(images)
        .detailedFraction(1.0).build().exportAlignment(figures, dir.resolve("align.json"));

    List<InstructionSample> out = LlavaJson.read(dir.resolve("align.json"));
    assertThat(stats.records()).isEqualTo(1);
    assertThat(out).singleElement().satisfies(s -> {
      assertThat(s.conversation().size()).isEqualTo(2);
      String q = s.conversation().turns().get(0).text().replace("<image>", "").trim();
      assertThat(AlignmentInstructions.DETAILED).contains(q);
      assertThat(s.conversation().turns().get(1).text()).isEqualTo("Axial CT of the chest.");
    });
  }

  @Test
  void instructionListsAreDistinctOwnPhrasings() {
    assertThat(AlignmentInstructions.BRIEF).hasSize(11).doesNotHaveDuplicates();
    assertThat(AlignmentInstructions.DETAILED).hasSize(16).doesNotHaveDuplicates();
  }

  @Test
  void toBuilderKeepsEverySetting() throws Exception {
    LlavaTrainingExport export = LlavaTrainingExport.builder().imageFolder(images).seed(7)
        .skipMissingImages(true).detailedFraction(0.5).build();
    List<InstructionSample> in = List.of(sample("1", "a.jpg", "What is shown?", "A CT."),
        sample("2", "missing.jpg", "What?", "X."), sample("3", "b.jpg", "Where?", "Chest."));

    export.exportInstructions(in, dir.resolve("one.json"));
    export.toBuilder().build().exportInstructions(in, dir.resolve("two.json"));

    assertThat(dir.resolve("two.json")).hasSameTextualContentAs(dir.resolve("one.json"));
    assertThat(LlavaJson.read(dir.resolve("two.json"))).hasSize(2);
  }
}
