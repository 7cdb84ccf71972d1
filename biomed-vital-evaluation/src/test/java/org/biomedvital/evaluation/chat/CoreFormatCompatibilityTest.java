package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.testing.SharedData;
import org.biomedvital.format.Answers;
import org.biomedvital.format.Qa50;
import org.biomedvital.format.QaQuestion;
import org.biomedvital.format.ReviewRecord;
import org.biomedvital.format.Reviews;
import org.biomedvital.model.ChatResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files this module writes are read by the core format readers, and the other way round. */
final class CoreFormatCompatibilityTest {
  @TempDir Path dir;

  @Test
  void reviewAndAnswerFilesAgreeWithTheCoreReaders() {
    List<ChatQuestion> ours = ChatQuestions.read(SharedData.qa50());
    List<QaQuestion> core = Qa50.read(SharedData.qa50());
    List<ModelAnswer> answers = new ArrayList<>();
    for (ChatQuestion q : ours.subList(0, 5)) {
      answers.add(ModelAnswer.of(q.id(), "answer " + q.id()));
    }
    Path reviews = dir.resolve("reviews.jsonl");

    ChatEvaluator.builder().judge(r -> ChatResponse.of("8 6\nok")).build()
        .run(ours.subList(0, 5), answers, reviews);
    List<ReviewRecord> read = Reviews.read(reviews);

    assertThat(core).hasSize(ours.size());
    for (int i = 0; i < ours.size(); i++) {
      assertThat(core.get(i).question()).isEqualTo(ours.get(i).question());
      assertThat(core.get(i).evaluationDomain()).isEqualTo(ours.get(i).domain());
    }
    assertThat(read).hasSize(5);
    assertThat(read.get(0).scores()).hasValueSatisfying(s -> assertThat(s).containsExactly(8, 6));
    assertThat(read.get(0).ans2()).isEqualTo("answer 0");
    Path answerFile = dir.resolve("answers.jsonl");
    ChatAnswersWriter.write(answers, answerFile);
    assertThat(Answers.read(answerFile)).hasSize(5);
    assertThat(AnswerFiles.read(answerFile)).isEqualTo(answers);
  }

  /** Writes answers as LLaVA-Med answer-file lines. */
  private static final class ChatAnswersWriter {
    static void write(List<ModelAnswer> answers, Path file) {
      List<String> lines = new ArrayList<>();
      for (ModelAnswer a : answers) {
        lines.add(AnswerFiles.toJsonLine(a, "prompt", "id-" + a.questionId()));
      }
      try {
        java.nio.file.Files.write(file, lines);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
