package org.biomedvital.evaluation.winrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.testing.SharedData;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WinRateEvaluatorTest {
  @TempDir Path dir;

  @Test
  void asksInBothOrdersWithImageAndReferenceAndSkipsClosedQuestions() throws Exception {
    Path images = SharedData.imageFolderWithOneJpg(dir, "x.jpg");
    Path questions = Files.writeString(dir.resolve("questions.jsonl"),
        "{\"question_id\": 1, \"image\": \"x.jpg\", \"text\": \"Which organ?\\n<image>\","
            + " \"gpt4_answer\": \"Liver\", \"answer_type\": \"OPEN\"}\n"
            + "{\"question_id\": 2, \"image\": \"x.jpg\", \"text\": \"Normal?\\n<image>\","
            + " \"gpt4_answer\": \"yes\", \"answer_type\": \"CLOSED\"}\n"
            + "{\"question_id\": 3, \"image\": \"x.jpg\", \"text\": \"Which side?\","
            + " \"gpt4_answer\": \"Left\", \"answer_type\": \"OPEN\"}\n");
    List<WinRateQuestion> qs = WinRateFiles.readQuestions(questions);
    List<ModelAnswer> a = List.of(ModelAnswer.of("1", "The liver."), ModelAnswer.of("2", "yes"),
        ModelAnswer.of("3", "Right"));
    List<ModelAnswer> b = List.of(ModelAnswer.of("1", "Kidney."), ModelAnswer.of("2", "no"),
        ModelAnswer.of("3", "Left"));
    // the judge prefers whichever answer mentions the reference
    try (LoopbackChatServer server = LoopbackChatServer.builder().replies(body -> {
      String text = LoopbackChatServer.userText(body);
      String answerA = text.substring(text.indexOf("[Assistant A]\n") + 14, text.indexOf("\n\n[End of Assistant A]"));
      String reference = text.substring(text.indexOf("[Reference Answer]\n") + 19, text.indexOf("\n\n[Assistant A]"));
      return answerA.toLowerCase(java.util.Locale.ROOT).contains(reference.toLowerCase(java.util.Locale.ROOT))
          ? "[[A]] A matches the reference" : "[[B]] B matches the reference";
    }).build()) {
      WinRateEvaluator evaluator = WinRateEvaluator.builder().judge(server.client("gpt-4o"))
          .imageRoot(ImageRoot.of(images)).judgeName("gpt-4o").build();
      Path out = dir.resolve("judgements.jsonl");

      List<PairJudgement> js = evaluator.run(qs, a, b, out);
      WinRateReport report = WinRateReport.compute(js);
      List<PairJudgement> again = evaluator.run(qs, a, b, out);

      assertThat(server.requests()).hasSize(4);
      JsonNode first = server.requests().get(0);
      assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");
      assertThat(first.at("/messages/0/content/0/text").asText()).isEqualTo(WinRatePrompt.INSTRUCTIONS);
      assertThat(first.at("/messages/1/content/0/image_url/url").asText()).startsWith("data:image/jpeg;base64,");
      assertThat(LoopbackChatServer.userText(first)).isEqualTo("[Question]\nWhich organ?\n\n"
          + "[Reference Answer]\nLiver\n\n[Assistant A]\nThe liver.\n\n[End of Assistant A]\n\n"
          + "[Assistant B]\nKidney.\n\n[End of Assistant B]\n\n");
      assertThat(LoopbackChatServer.userText(server.requests().get(1)))
          .contains("[Assistant A]\nKidney.\n\n[End of Assistant A]\n\n[Assistant B]\nThe liver.\n");
      assertThat(js).extracting(PairJudgement::questionId).containsExactly("1", "3");
      assertThat(js).extracting(PairJudgement::outcome).containsExactly(Outcome.WIN, Outcome.LOSS);
      assertThat(report.winRate()).isEqualTo(0.5);
      assertThat(again).isEqualTo(js);
      assertThat(Files.readAllLines(out)).hasSize(2)
          .allSatisfy(l -> assertThat(l).contains("\"judge_model\":\"gpt-4o\""));
    }
  }
}
