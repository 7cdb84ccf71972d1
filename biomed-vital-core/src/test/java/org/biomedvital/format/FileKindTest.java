package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileKindTest {
  @TempDir Path tmp;

  @Test
  void detectsTheSharedFixtures() {
    assertThat(FileKind.detect(SharedData.qa50())).isEqualTo(FileKind.QA50);
    assertThat(FileKind.detect(SharedData.demonstrations())).isEqualTo(FileKind.DEMONSTRATIONS);
  }

  @Test
  void detectsInstructionDataAndCandidateSamples() throws Exception {
    Path llava = Files.writeString(tmp.resolve("i.json"), "[" + LlavaInstructionsTest.GOOD + "]");
    InstructionSample s = InstructionSample.builder().id("1#0").image("1.jpg")
        .conversation(Conversation.of("q", "a"))
        .provenance(new Provenance("caption-grounded", "", "v1", List.of("3"), 0, 1L)).build();
    Path samples = Files.writeString(tmp.resolve("c.jsonl"), Samples.toJson(s) + "\n");

    assertThat(FileKind.detect(llava)).isEqualTo(FileKind.LLAVA_INSTRUCTIONS);
    assertThat(FileKind.detect(samples)).isEqualTo(FileKind.SAMPLES);
    assertThat(Validation.validate(samples).records()).isEqualTo(1);
  }

  @Test
  void explainsWhatToDoWhenTheKindIsUnknown() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
    Path other = Files.writeString(tmp.resolve("other.jsonl"), "{\"x\": 1}\n");

    assertThatThrownBy(() -> FileKind.detect(empty)).isInstanceOf(InvalidDataException.class)
        .hasMessage(empty + ": holds no records to tell its kind from; pass the kind explicitly");
    assertThatThrownBy(() -> FileKind.detect(other)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("is of no known kind");
  }

  @Test
  void aRecordTheDataModelRefusesIsAProblemNotACrash() throws Exception {
    Path f = Files.writeString(tmp.resolve("blank.jsonl"), "{\"id\": \" \", \"figure_id\": \"f\", "
        + "\"image\": \"f.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}\n");

    ValidationReport r = Validation.validate(f);

    assertThat(r.kind()).isEqualTo(FileKind.SAMPLES);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.problems().get(0).message()).isEqualTo("is not a valid record: id must not be blank");
  }

  @Test
  void namesMapBothWays() {
    for (FileKind k : FileKind.values()) {
      assertThat(FileKind.fromName(k.cliName())).contains(k);
    }
    assertThat(FileKind.fromName("LLAVA_INSTRUCTIONS")).contains(FileKind.LLAVA_INSTRUCTIONS);
    assertThat(FileKind.fromName("csv")).isEmpty();
  }

  @Test
  void validationCountsRecordsTurnsAndDomains() {
    ValidationReport r = Validation.validate(SharedData.demonstrations(), FileKind.DEMONSTRATIONS);

    assertThat(r.records()).isEqualTo(58);
    assertThat(r.errors()).isZero();
    assertThat(r.warnings()).isEqualTo(2);
    assertThat(r.turns()).isEqualTo(8 * 43 + 6 * 10 + 10 * 2 + 9 * 2 + 2);
    assertThat(r.domains()).containsEntry("ct_scan", 28L).containsEntry("chest_xray", 12L)
        .containsEntry("mri", 15L).containsEntry("gross", 2L).containsEntry("histology", 2L)
        .containsEntry("none", 0L);
    assertThat(r.turnsPerRecord()).containsEntry(8, 43L);
    assertThat(Set.of(Domain.values())).hasSize(5);
  }
}
