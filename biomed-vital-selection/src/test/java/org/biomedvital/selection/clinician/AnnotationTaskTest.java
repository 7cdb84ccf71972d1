package org.biomedvital.selection.clinician;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnnotationTaskTest {
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  @TempDir Path dir;

  static List<InstructionSample> candidates() {
    InstructionSample a = InstructionSample.builder().id("fig1#0").figureId("fig1").image("fig1.png")
        .caption("MRI of the brain </script><b>bold</b>").mentions(List.of("See Fig. 1."))
        .conversation(Conversation.of("What is seen?", "A ring-enhancing lesion.",
            "Where is it?", "In the left frontal lobe."))
        .build();
    InstructionSample b = a.toBuilder().id("fig1#1")
        .conversation(Conversation.of("What is seen?", "The caption says a lesion.",
            "Any edema?", "Yes, surrounding vasogenic edema."))
        .build();
    InstructionSample c = InstructionSample.builder().id("fig2#0").image("fig2.png")
        .conversation(Conversation.of("Which stain?",
            "Answer 1: Hematoxylin and eosin.\nAnswer 2: As the context provided says, H&E."))
        .build();
    return List.of(a, b, c);
  }

  @Test
  void itemsComeFromSharedQuestionsAndTwoAnswerReplies() {
    List<TaskItem> items = AnnotationTask.items(candidates(), 100);

    assertThat(items).extracting(TaskItem::itemId)
        .containsExactly("fig1#0~fig1#1:q0", "fig2#0:q0");
    TaskItem first = items.get(0);
    assertThat(first.question()).isEqualTo("What is seen?");
    assertThat(List.of(first.answer1(), first.answer2()))
        .containsExactlyInAnyOrder("A ring-enhancing lesion.", "The caption says a lesion.");
    assertThat(items.get(1).answer1() + items.get(1).answer2())
        .contains("Hematoxylin and eosin.", "As the context provided says, H&E.");
    assertThat(AnnotationTask.items(candidates(), 1)).hasSize(1);
  }

  @Test
  void writesACsvSheetThatImportsOnceFilledInAndASelfContainedPage() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("fig1.png"), PNG);
    Files.write(images.resolve("fig2.png"), PNG);
    List<TaskItem> items = AnnotationTask.items(candidates(), 100);

    AnnotationTask.Written w = AnnotationTask.write(items, ImageRoot.of(images), dir.resolve("task"),
        "t1");

    String html = Files.readString(w.html());
    assertThat(html).contains("data:image/png;base64,").contains("id=\"save\"")
        .doesNotContain("</script><b>").doesNotContain("src=\"http");
    List<Csv.Row> rows = Csv.read(Files.newBufferedReader(w.csv()));
    List<String> header = rows.get(0).fields();
    assertThat(header).startsWith("item_id", "annotator_id", "role", "image", "caption");
    // Fill in the sheet as a clinician would: accept answer 1, reject answer 2.
    StringBuilder filled = new StringBuilder(Csv.line(header));
    for (Csv.Row row : rows.subList(1, rows.size())) {
      List<String> f = new java.util.ArrayList<>(row.fields());
      f.set(header.indexOf("annotator_id"), "dr-x");
      f.set(header.indexOf("role"), "nurse");
      f.set(header.indexOf("accept_1"), "accept");
      f.set(header.indexOf("accept_2"), "reject");
      filled.append(Csv.line(f));
    }
    Path sheet = dir.resolve("filled.csv");
    Files.writeString(sheet, filled.toString());
    List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT, sheet);

    assertThat(pairs).hasSize(2);
    assertThat(pairs.get(0).annotatorId()).isEqualTo("dr-x");
    assertThat(pairs.get(0).chosen().conversation().pairs().get(0).answer())
        .isEqualTo(items.get(0).answer1());
    assertThat(pairs.get(0).attributes()).containsEntry("task_id", "t1")
        .containsEntry("chosen_source", items.get(0).sample1());
  }
}
