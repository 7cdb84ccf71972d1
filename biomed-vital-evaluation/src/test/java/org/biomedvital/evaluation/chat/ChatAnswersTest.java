package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.testing.SharedData;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChatAnswersTest {
  @TempDir Path dir;

  @Test
  void asksWithTheImageAndWithoutTheImageTokenAndResumes() throws Exception {
    Path images = SharedData.imageFolderWithOneJpg(dir, "a.jpg");
    List<ChatQuestion> qs = List.of(
        new ChatQuestion("0", "a.jpg", "What is shown?", "ref", "", "", List.of(), Set.of(), "conversation"),
        new ChatQuestion("1", "a.jpg", "Describe it.", "ref", "", "", List.of(), Set.of(),
            "detailed_description"));
    List<ChatRequest> seen = new ArrayList<>();
    VisionChatModel model = request -> {
      seen.add(request);
      return ChatResponse.of("answer to " + request.messages().get(0).text());
    };
    Path out = dir.resolve("answers.jsonl");

    List<ModelAnswer> first = ChatAnswers.generate(qs.subList(0, 1), ImageRoot.of(images), model,
        0.0, "tiny", out);
    List<ModelAnswer> all = ChatAnswers.generate(qs, ImageRoot.of(images), model, 0.0, "tiny", out);

    assertThat(first).containsExactly(new ModelAnswer("0", "answer to What is shown?", "tiny"));
    assertThat(all).extracting(ModelAnswer::questionId).containsExactly("0", "1");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).messages().get(0).images()).hasSize(1);
    assertThat(seen.get(1).temperature()).hasValue(0.0);
    assertThat(Files.readAllLines(out).get(0)).contains("\"question_id\":0", "\"prompt\":\"What is shown?\"",
        "\"model_id\":\"tiny\"", "\"answer_id\":", "\"metadata\":{}");

    // Issue 14, point 7: a second identical run writes the same bytes (no random answer id).
    Path again = dir.resolve("again.jsonl");
    ChatAnswers.generate(qs, ImageRoot.of(images), model, 0.0, "tiny", again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));
    assertThat(ChatAnswers.answerId("tiny", "0", "What is shown?", "x"))
        .isNotEqualTo(ChatAnswers.answerId("tiny", "0", "What is shown?", "y"));
  }
}
