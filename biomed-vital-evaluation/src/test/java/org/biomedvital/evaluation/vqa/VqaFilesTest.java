package org.biomedvital.evaluation.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class VqaFilesTest {
  @TempDir Path dir;

  @Test
  void readsAJsonArrayTestSetAcceptingTheConversatonsTypo() throws Exception {
    Path file = Files.writeString(dir.resolve("test.json"), "[\n"
        + "  {\"id\": 11, \"image\": \"a.jpg\", \"answer_type\": \"CLOSED\",\n"
        + "   \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nIs it normal?\"},"
        + " {\"from\": \"gpt\", \"value\": \"yes\"}]},\n"
        + "  {\"id\": \"b12\", \"answer_type\": \"OPEN\",\n"
        + "   \"conversatons\": [{\"from\": \"human\", \"value\": \"Which organ?\"},"
        + " {\"from\": \"gpt\", \"value\": 5}]}\n"
        + "]\n");

    List<VqaQuestion> qs = VqaFiles.readQuestions(file);

    assertThat(qs).containsExactly(
        new VqaQuestion("11", "<image>\nIs it normal?", "yes", "CLOSED"),
        new VqaQuestion("b12", "Which organ?", "5", "OPEN"));
  }

  @Test
  void aRecordWithOneTurnIsReportedWithFileLineAndField() throws Exception {
    Path file = Files.writeString(dir.resolve("test.json"), "[\n"
        + "{\"id\": 1, \"answer_type\": \"OPEN\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"},"
        + " {\"from\": \"gpt\", \"value\": \"a\"}]},\n"
        + "{\"id\": 2, \"answer_type\": \"OPEN\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}\n"
        + "]");

    assertThatThrownBy(() -> VqaFiles.readQuestions(file))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(file + ":3: field 'conversations' must be a list of at least 2 turns"
            + " (question, answer) but is 1 turn(s)");
  }

  @Test
  void missingAnswerTypeAndDuplicateIdsAreErrors() throws Exception {
    Path noType = Files.writeString(dir.resolve("a.jsonl"),
        "{\"id\": 1, \"conversations\": [{\"value\": \"q\"}, {\"value\": \"a\"}]}\n");
    Path dup = Files.writeString(dir.resolve("b.jsonl"),
        "{\"id\": 1, \"answer_type\": \"OPEN\", \"conversations\": [{\"value\": \"q\"}, {\"value\": \"a\"}]}\n\n"
            + "{\"id\": 1, \"answer_type\": \"OPEN\", \"conversations\": [{\"value\": \"q\"}, {\"value\": \"a\"}]}\n");

    assertThatThrownBy(() -> VqaFiles.readQuestions(noType))
        .hasMessage(noType + ":1: field 'answer_type' is required but missing");
    assertThatThrownBy(() -> VqaFiles.readQuestions(dup))
        .hasMessage(dup + ":3: field 'id' repeats question id '1' of line 1");
  }

  @Test
  void aByteOrderMarkIsSkippedInJsonlAndArrayFiles() throws Exception {
    Path jsonl = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF{\"question_id\": 1, \"text\": \"a\"}\n");
    Path array = Files.writeString(dir.resolve("bom.json"), "\uFEFF [{\"question_id\": 2, \"text\": \"b\"}]");

    assertThat(AnswerFiles.read(jsonl)).containsExactly(ModelAnswer.of("1", "a"));
    assertThat(AnswerFiles.read(array)).containsExactly(ModelAnswer.of("2", "b"));
  }

  @Test
  void answerFilesNameBadLines() throws Exception {
    Path ok = Files.writeString(dir.resolve("ok.jsonl"),
        "{\"question_id\": 3, \"prompt\": \"p\", \"text\": \"yes\", \"model_id\": \"m\"}\n");
    Path broken = Files.writeString(dir.resolve("broken.jsonl"),
        "{\"question_id\": 3, \"text\": \"yes\"}\n{\"question_id\": 4, \"text\": \n");
    Path noText = Files.writeString(dir.resolve("notext.jsonl"), "{\"question_id\": 3}\n");

    assertThat(AnswerFiles.read(ok)).containsExactly(new ModelAnswer("3", "yes", "m"));
    assertThatThrownBy(() -> AnswerFiles.read(broken))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(broken + ":2: is not valid JSON");
    assertThatThrownBy(() -> AnswerFiles.read(noText))
        .hasMessage(noText + ":1: field 'text' is required but missing");
    assertThatThrownBy(() -> AnswerFiles.read(dir.resolve("none.jsonl")))
        .hasMessage(dir.resolve("none.jsonl") + ": does not exist; check the path");
  }
}
