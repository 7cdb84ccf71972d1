package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnswersAndReviewsTest {
  @TempDir Path tmp;

  @Test
  void writesAnswersInTheLlavaMedShapeAndReadsThemBack() throws Exception {
    Path f = tmp.resolve("answers.jsonl");

    try (RecordWriter<AnswerRecord> w = Answers.writer(f)) {
      w.write(AnswerRecord.of(0, "What is the organ?", "The conjunctiva.", "aB3x", "llava-med-7b"));
      w.write(AnswerRecord.of(1, "Cells?", "Cuboidal épithélium.", "Zz9", "llava-med-7b"));
    }

    assertThat(Files.readAllLines(f).get(0)).isEqualTo("{\"question_id\": 0, \"prompt\": "
        + "\"What is the organ?\", \"text\": \"The conjunctiva.\", \"answer_id\": \"aB3x\", "
        + "\"model_id\": \"llava-med-7b\", \"metadata\": {}}");
    List<AnswerRecord> back = Answers.read(f);
    assertThat(back).extracting(AnswerRecord::text).containsExactly("The conjunctiva.", "Cuboidal épithélium.");
    assertThat(FileKind.detect(f)).isEqualTo(FileKind.ANSWERS);
  }

  @Test
  void reviewsCarryTheQuestionAndParseTheJudgeScores() throws Exception {
    QaQuestion q = Qa50.read(SharedData.qa50()).get(0);
    Path f = tmp.resolve("reviews.jsonl");

    try (RecordWriter<ReviewRecord> w = Reviews.writer(f)) {
      w.write(ReviewRecord.of(q, q.gpt4Answer(), "The eye.", "8 6\nAssistant 1 is more precise."));
      w.write(ReviewRecord.of(q, q.gpt4Answer(), "No idea.", "I cannot rate these."));
    }

    try (RecordReader<ReviewRecord> r = Reviews.reader(f, ReadMode.STRICT)) {
      List<ReviewRecord> all = r.readAll();
      assertThat(all.get(0).scores()).hasValueSatisfying(s -> assertThat(s).containsExactly(8.0, 6.0));
      assertThat(all.get(0).question()).isEqualTo("What is the organ in the image?");
      assertThat(all.get(0).field("fig_caption")).isPresent();
      assertThat(all.get(1).scores()).isEmpty();
      assertThat(r.problems()).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.field()).isEqualTo("gpt_eval");
      });
    }
    assertThat(FileKind.detect(f)).isEqualTo(FileKind.REVIEWS);
  }

  @Test
  void acceptsTheOlderResultFieldAndRequiresAJudgeReply() throws Exception {
    Path f = Files.writeString(tmp.resolve("r.jsonl"),
        "{\"question_id\": 3, \"ans1\": \"a\", \"ans2\": \"b\", \"result\": \"7, 9\"}\n"
            + "{\"question_id\": 4, \"ans1\": \"a\", \"ans2\": \"b\"}\n");

    try (RecordReader<ReviewRecord> r = Reviews.reader(f, ReadMode.LENIENT)) {
      List<ReviewRecord> all = r.readAll();

      assertThat(all).singleElement().satisfies(rv ->
          assertThat(rv.scores().orElseThrow()).containsExactly(7.0, 9.0));
      assertThat(r.problems()).singleElement().extracting(Problem::toString).isEqualTo(
          "line 2: error: field 'gpt_eval' is required but missing (nor is there 'result'); a review "
              + "needs the judge's reply (id '4')");
    }
  }

  @Test
  void anAnswerNeedsAnIntegerQuestionId() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.jsonl"), "{\"question_id\": \"x\", \"text\": \"t\"}\n");

    assertThatThrownBy(() -> Answers.read(f))
        .hasMessage(f + ":1: field 'question_id' must be an integer but is \"x\" (id 'x')");
  }
}
