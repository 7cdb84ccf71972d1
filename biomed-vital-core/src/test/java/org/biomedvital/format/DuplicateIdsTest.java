package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, point 4: repeated ids make a file invalid, naming both lines; writers refuse them. */
final class DuplicateIdsTest {
  @TempDir Path tmp;

  private static String sample(String id) {
    return Samples.toJson(InstructionSample.builder().id(id).figureId(id.split("#")[0])
        .image(id + ".jpg").caption("A CT scan.").conversation(Conversation.of("What?", "A CT."))
        .build());
  }

  @Test
  void validateReportsThreeDuplicateCandidateIdsWithBothLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String id : List.of("a#0", "b#0", "c#0", "a#0", "d#0", "b#0", "a#0")) {
      lines.add(sample(id));
    }
    Path f = Files.write(tmp.resolve("candidates.jsonl"), lines);

    ValidationReport r = Validation.validate(f, FileKind.SAMPLES);

    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).isEqualTo(3);
    assertThat(r.problems()).filteredOn(Problem::isError).extracting(Problem::toString)
        .containsExactly(
            "line 4: error: id 'a#0' repeats the record on line 1: each id must appear "
                + "once (training on it twice weights it double); remove the later copy",
            "line 6: error: id 'b#0' repeats the record on line 2: each id must appear "
                + "once (training on it twice weights it double); remove the later copy",
            "line 7: error: id 'a#0' repeats the record on line 1: each id must appear "
                + "once (training on it twice weights it double); remove the later copy");
  }

  @Test
  void validateReportsDuplicateLlavaIdsInAJsonArray() {
    Path f = tmp.resolve("llava.json");
    try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(f)) {
      w.write(LlavaRecord.of("x", "x.jpg", Set.of(Domain.CT_SCAN), Conversation.of("<image>\nQ?", "A.")));
      w.write(LlavaRecord.of("y", "y.jpg", Set.of(Domain.CT_SCAN), Conversation.of("<image>\nQ?", "A.")));
    }
    // The writer refuses a repeat, so build the bad file by hand.
    String text = "[\n" + String.join(",\n",
        "{\"id\": \"x\", \"image\": \"x.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nQ?\"}, {\"from\": \"gpt\", \"value\": \"A.\"}]}",
        "{\"id\": \"x\", \"image\": \"x.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nQ?\"}, {\"from\": \"gpt\", \"value\": \"A.\"}]}")
        + "\n]\n";
    Path bad = tmp.resolve("bad.json");
    try {
      Files.writeString(bad, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    assertThat(Validation.validate(f, FileKind.LLAVA_INSTRUCTIONS).ok()).isTrue();
    ValidationReport r = Validation.validate(bad, FileKind.LLAVA_INSTRUCTIONS);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).filteredOn(Problem::isError).singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith("line 3: error: id 'x' "
            + "repeats the record on line 2"));
  }

  @Test
  void theRealFixturesHaveNoRepeatedIds() {
    assertThat(Validation.validate(SharedData.demonstrations(), FileKind.DEMONSTRATIONS).ok())
        .isTrue();
    assertThat(Validation.validate(SharedData.qa50(), FileKind.QA50).ok()).isTrue();
  }

  @Test
  void theTrainingWriterNeverWritesAnIdTwice() {
    Path f = tmp.resolve("train.json");
    try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(f)) {
      w.write(LlavaRecord.of("x", "x.jpg", Set.of(Domain.CT_SCAN), Conversation.of("<image>\nQ?", "A.")));
      assertThatThrownBy(() -> w.write(LlavaRecord.of("x", "x.jpg", Set.of(Domain.CT_SCAN),
          Conversation.of("<image>\nQ?", "B.")))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("record id 'x' is already written to " + f.toAbsolutePath()
              + "; a training file holds each sample once");
    }
  }

  @Test
  void admitRefusesOrDropsLaterCopies() {
    DuplicateIds refuse = new DuplicateIds("s.jsonl", DuplicatePolicy.REFUSE);
    assertThat(refuse.admit("a", 1)).isTrue();
    assertThatThrownBy(() -> refuse.admit("a", 5)).isInstanceOf(InvalidDataException.class)
        .hasMessage("s.jsonl:5: id 'a' repeats the record on line 1: each id must "
            + "appear once; remove the later copy, or drop later copies on purpose "
            + "(--drop-duplicates)");
    DuplicateIds drop = new DuplicateIds("s.jsonl", DuplicatePolicy.DROP_LATER);
    assertThat(drop.admit("a", 1)).isTrue();
    assertThat(drop.admit("a", 2)).isFalse();
    assertThat(drop.admit("b", 3)).isTrue();
    assertThat(drop.dropped()).isEqualTo(1);
  }
}
