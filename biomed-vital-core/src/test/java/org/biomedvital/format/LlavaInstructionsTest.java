package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LlavaInstructionsTest {
  @TempDir Path tmp;

  static final String GOOD = "{\"id\": \"a\", \"image\": \"a.jpg\", \"domain\": {\"chest_xray\": true, "
      + "\"mri\": false, \"ct_scan\": false, \"histology\": false, \"gross\": false}, "
      + "\"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nWhat is shown?\"}, "
      + "{\"from\": \"gpt\", \"value\": \"A chest X-ray \\u00d7 2.\"}]}";

  private Path write(String name, String content) throws Exception {
    return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String rec(String id, String from1) {
    return GOOD.replace("\"id\": \"a\"", "\"id\": \"" + id + "\"")
        .replace("{\"from\": \"human\"", "{\"from\": \"" + from1 + "\"");
  }

  @Test
  void readsAJsonArrayWithLineNumbersAndUnknownFields() throws Exception {
    Path f = write("data.json", "[\n" + GOOD + ",\n"
        + GOOD.replace("\"id\": \"a\"", "\"id\": 7").replace("}]}", "}], \"source\": {\"pmc\": \"PMC1\", \"µ\": [1, 2.5]}}")
        + "\n]\n");

    try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(f, ReadMode.STRICT)) {
      LlavaRecord first = r.next();
      assertThat(r.line()).isEqualTo(2);
      LlavaRecord second = r.next();
      assertThat(r.line()).isEqualTo(3);
      assertThat(r.hasNext()).isFalse();
      assertThat(r.layout()).isEqualTo(Layout.JSON_ARRAY);

      assertThat(first.id()).isEqualTo("a");
      assertThat(first.image()).contains("a.jpg");
      assertThat(first.domains()).contains(Set.of(Domain.CHEST_XRAY));
      assertThat(first.turns().get(1).text()).isEqualTo("A chest X-ray × 2.");
      assertThat(second.numericId()).isTrue();
      assertThat(second.extra("source").orElseThrow().toString())
          .isEqualTo("{\"pmc\":\"PMC1\",\"µ\":[1,2.5]}");
      assertThat(r.problems()).isEmpty();
    }
  }

  @Test
  void unknownFieldsAndNumericIdsSurviveAReadWriteRoundTripInBothLayouts() throws Exception {
    String withExtra = GOOD.replace("\"id\": \"a\"", "\"id\": 12")
        .replace("}]}", "}], \"answer_type\": \"OPEN\", \"meta\": {\"k\": [true, null, 0.25]}}");
    Path f = write("in.jsonl", withExtra + "\n" + GOOD + "\n");
    List<LlavaRecord> records = LlavaInstructions.read(f);

    for (Layout layout : List.of(Layout.JSON_ARRAY, Layout.JSONL)) {
      Path out = tmp.resolve("out-" + layout + ".json");
      try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(out, layout)) {
        records.forEach(w::write);
      }

      assertThat(LlavaInstructions.read(out)).as(layout.toString()).isEqualTo(records);
      String text = Files.readString(out);
      assertThat(text).contains("\"id\": 12, \"image\"")
          .contains("\"answer_type\": \"OPEN\", \"meta\": {\"k\": [true, null, 0.25]}}");
    }
    assertThat(Files.readString(tmp.resolve("out-JSONL.json")))
        .isEqualTo(withExtra + "\n" + GOOD + "\n");
  }

  @Test
  void writesAStreamingArrayThatJacksonAndPythonStyleAgreeOn() throws Exception {
    Path out = tmp.resolve("array.json");
    LlavaRecord r = LlavaRecord.of("x", "x.jpg", Set.of(Domain.MRI),
        Conversation.of("<image>\nWhat \"sequence\"?", "T2\tweighted 😀"));

    try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(out)) {
      w.write(r);
      w.write(LlavaRecord.of("y", "x.jpg", Set.of(Domain.MRI),
          Conversation.of("<image>\nWhat \"sequence\"?", "T2\tweighted 😀")));
    }

    String text = Files.readString(out);
    assertThat(text).startsWith("[\n{\"id\": \"x\", \"image\": \"x.jpg\", \"domain\": {\"chest_xray\": false, \"mri\": true")
        .contains("\"value\": \"T2\\tweighted \\ud83d\\ude00\"}]},\n{")
        .endsWith("}\n]\n");
    assertThat(Json.mapper().readTree(text).size()).isEqualTo(2);
    assertThat(Json.mapper().readTree(text).get(0).get("conversations").get(1).get("value").asText())
        .isEqualTo("T2\tweighted 😀");
  }

  @Test
  void strictModeNamesFileLineFieldAndTheFix() throws Exception {
    Path f = write("bad.jsonl", GOOD + "\n\n" + rec("b", "robot") + "\n");

    assertThatThrownBy(() -> LlavaInstructions.read(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ":3: field 'conversations[0].from' must be 'human' or 'gpt' but is 'robot' (id 'b')")
        .satisfies(e -> {
          InvalidDataException ide = (InvalidDataException) e;
          assertThat(ide.line()).isEqualTo(3);
          assertThat(ide.field()).contains("conversations[0].from");
        });
  }

  @Test
  void strictModeInAOneLineArrayNamesTheRecordIndex() throws Exception {
    Path f = write("oneline.json", "[" + GOOD + ", " + rec("b", "gpt") + "]");

    assertThatThrownBy(() -> LlavaInstructions.read(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ":1: field 'conversations' turn 0 must be from 'human' but is from 'gpt' (record 2, id 'b')");
  }

  @Test
  void lenientModeCollectsEveryProblemWithItsLineAndGoesOn() throws Exception {
    Path f = write("mixed.json", "[\n" + GOOD + ",\n"
        + "{\"id\": \"b\", \"conversations\": []},\n"
        + GOOD + ",\n"
        + "\"not an object\",\n"
        + "{\"id\": \"c\", \"image\": \"c.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": 3}]},\n"
        + "{\"id\": \"d\", \"image\": \"d.jpg\", \"domain\": {\"brain\": true}, \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]},\n"
        + GOOD.replace("<image>\\n", "") + "\n]");

    try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(f, ReadMode.LENIENT)) {
      List<LlavaRecord> ok = r.readAll();

      assertThat(ok).hasSize(3);
      assertThat(r.errorCount()).isEqualTo(4);
      assertThat(r.problems()).extracting(Problem::toString).containsExactly(
          "line 3: error: field 'image' is required but missing; name the image file relative to the image folder (record 2, id 'b')",
          "line 5: error: must be a JSON object but is a string (record 4)",
          "line 6: error: field 'conversations[0].value' must be a string but is a number (record 5, id 'c')",
          "line 7: error: field 'domain.brain' is not a domain; expected chest_xray, mri, ct_scan, histology or gross (record 6, id 'd')",
          "line 8: warning: field 'conversations' has no <image> token; LLaVA training puts image features only where it is: add \"<image>\\n\" to the first human turn (Conversation.withImageToken) (record 7, id 'a')");
    }
  }

  @Test
  void aTruncatedArrayIsReportedAsSuch() throws Exception {
    String whole = "[\n" + GOOD + ",\n" + GOOD + "\n]\n";
    Path f = write("cut.json", whole.substring(0, whole.length() - 40));

    try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(f, ReadMode.LENIENT)) {
      assertThat(r.readAll()).hasSize(1);
      assertThat(r.problems()).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).startsWith("is not valid JSON (Unexpected end-of-input");
      });
    }
  }

  @Test
  void aMissingFileSaysSo() {
    Path f = tmp.resolve("nope.json");

    assertThatThrownBy(() -> LlavaInstructions.read(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ": does not exist; check the path");
  }

  @Test
  void aJsonLinesFileWithAnArrayOnALineIsExplained() throws Exception {
    Path f = write("x.jsonl", GOOD + "\n[1, 2]\n");

    assertThatThrownBy(() -> LlavaInstructions.read(f))
        .hasMessageContaining(":2: must be one JSON object but starts with an array");
  }

  @Test
  void convertsToAndFromSamples() {
    LlavaRecord r = LlavaRecord.of("s1", "s1.jpg", Set.of(Domain.GROSS), Conversation.of("q", "a"))
        .withExtra("answer_type", JsonNodeFactory.instance.textNode("CLOSED"));

    assertThat(LlavaRecord.from(r.toSample()).conversation()).isEqualTo(r.conversation());
    assertThat(r.answerType()).contains("CLOSED");
    assertThatThrownBy(() -> r.withExtra("image", JsonNodeFactory.instance.textNode("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vqaSetsTolerateTheMisspeltConversationsKey() throws Exception {
    Path f = write("test.json", "[{\"id\": 0, \"image\": \"synpic1.jpg\", \"conversatons\": ["
        + "{\"from\": \"human\", \"value\": \"Is there a fracture?\\n<image>\"}, "
        + "{\"from\": \"gpt\", \"value\": \"no\"}], \"answer_type\": \"CLOSED\"},\n"
        + "{\"id\": 1, \"image\": \"synpic2.jpg\", \"conversations\": ["
        + "{\"from\": \"human\", \"value\": \"Where?\"}, {\"from\": \"gpt\", \"value\": \"left lung\"}], "
        + "\"answer_type\": \"CLOSE\"}]");

    try (RecordReader<LlavaRecord> r = VqaSets.reader(f, ReadMode.STRICT)) {
      List<LlavaRecord> all = r.readAll();

      assertThat(all).hasSize(2);
      assertThat(VqaSets.question(all.get(0))).isEqualTo("Is there a fracture?");
      assertThat(VqaSets.answer(all.get(1))).isEqualTo("left lung");
      assertThat(r.problems()).extracting(Problem::field).containsExactly("conversatons", "answer_type");
      assertThat(r.problems().get(1).message()).startsWith("is 'CLOSE' but should be OPEN or CLOSED");
    }
    assertThat(FileKind.detect(f)).isEqualTo(FileKind.VQA);
  }

  @Test
  void aVqaRecordNeedsAnAnswer() throws Exception {
    Path f = write("q.json", "[{\"id\": 0, \"image\": \"a.jpg\", \"conversations\": ["
        + "{\"from\": \"human\", \"value\": \"Is there a fracture?\"}], \"answer_type\": \"OPEN\"}]");

    assertThatThrownBy(() -> VqaSets.read(f)).hasMessageContaining(
        "field 'conversations' must hold a question and its answer but has 1 turn; add the gpt answer");
  }
}
