package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tolerant records read through the shared streaming reader, with real lines and bounded size. */
final class RecordFieldsTest {
  @TempDir Path dir;

  @Test
  void readsJsonLinesWithRealLineNumbersAndTextOrIntegerIds() throws Exception {
    Path file = Files.writeString(dir.resolve("a.jsonl"), "\uFEFF{\"question_id\": 7, \"text\": \"a\"}\n"
        + "\n\r\n"
        + "{\"question_id\": \"b12\", \"text\": \"b\", \"in_text_mention\": [{\"tokens\": \"m\"}],"
        + " \"domain\": {\"mri\": true, \"ct_scan\": false}}\r\n");

    List<String> keyed = RecordFields.readKeyed(file, "question_id", "",
        (f, id) -> id + "@" + f.line() + "=" + f.text("text") + f.mentions("in_text_mention")
            + f.domains("domain"));

    assertThat(keyed).containsExactly("7@1=a[][]", "b12@4=b[m][" + Domain.MRI + "]");
  }

  @Test
  void aRepeatedIdNamesBothLinesAndTheHint() throws Exception {
    Path file = Files.writeString(dir.resolve("d.json"),
        "[\n{\"id\": 1},\n{\"id\": 2},\n{\"id\": 1.0}\n]");

    assertThatThrownBy(() -> RecordFields.readKeyed(file, "id", "; one per question", (f, id) -> id))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(file + ":4: field 'id' repeats question id '1' of line 2; one per question");
  }

  @Test
  void aLineLongerThanTheRecordLimitIsRefusedWithItsLine() throws Exception {
    Path file = Files.writeString(dir.resolve("long.jsonl"),
        "{\"id\": 1}\n{\"id\": 2, \"text\": \"" + "x".repeat(4096) + "\"}\n");

    assertThatThrownBy(() -> RecordReader.open(file, ReadMode.STRICT, RecordMapper.ofTree(
        (f, ctx) -> new RecordFields(ctx.source, ctx.line, f.node())), 1024).readAll())
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(file + ":2: is longer than the record limit of 1 KiB");
  }

  @Test
  void wrongTypesNameTheField() throws Exception {
    Path file = Files.writeString(dir.resolve("t.jsonl"), "{\"id\": [1], \"text\": 3}\n");
    RecordFields f = RecordFields.read(file).get(0);

    assertThatThrownBy(() -> f.id("id")).hasMessage(file + ":1: field 'id' must be a string or an"
        + " integer but is ARRAY");
    assertThatThrownBy(() -> f.text("text")).hasMessage(file + ":1: field 'text' must be a string"
        + " but is NUMBER");
    assertThat(f.text("text", "")).isEqualTo("3");
    assertThat(f.optionalText("missing")).isEmpty();
  }
}
