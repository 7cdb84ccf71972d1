package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.testing.SharedData;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChatEvaluatorTest {
  private static final double EPS = 1e-9;

  @TempDir Path dir;

  private static List<ModelAnswer> answersFor(List<ChatQuestion> qs) {
    List<ModelAnswer> out = new ArrayList<>();
    for (ChatQuestion q : qs) {
      out.add(ModelAnswer.of(q.id(), "model answer " + q.id()));
    }
    return out;
  }

  @Test
  void qa50WithAFakeJudgeGroupsByTypeAndFirstDomainFlag() {
    List<ChatQuestion> qs = ChatQuestions.read(SharedData.qa50());
    // conversation questions score 8 vs 6 (75%), detailed descriptions 10 vs 5 (50%)
    VisionChatModel byType = request -> {
      String text = request.messages().get(1).text();
      boolean detailed = qs.stream().filter(q -> q.type().equals("detailed_description"))
          .anyMatch(q -> text.contains("[Question]\n" + q.question() + "\n"));
      return ChatResponse.of(detailed ? "10 5\nshort" : "8 6\nfine");
    };
    ChatEvaluator evaluator = ChatEvaluator.builder().judge(byType).build();

    List<ChatReview> reviews = evaluator.run(qs, answersFor(qs), dir.resolve("reviews.jsonl"));
    ChatSummary s = ChatSummary.compute(reviews, EvaluationMode.CORRECTED);

    assertThat(reviews).hasSize(193);
    assertThat(s.byType().get("conversation").count()).isEqualTo(143);
    assertThat(s.byType().get("detailed_description").count()).isEqualTo(50);
    assertThat(s.byType().get("conversation").relativeScore()).isCloseTo(75, within(EPS));
    assertThat(s.byType().get("detailed_description").relativeScore()).isCloseTo(50, within(EPS));
    assertThat(s.byDomain().keySet())
        .containsExactly("chest_xray", "mri", "histology", "gross", "ct_scan");
    assertThat(s.byDomain().values()).extracting(GroupScore::count)
        .containsExactly(37, 38, 44, 34, 40);
    assertThat(s.overall().count()).isEqualTo(193);
    assertThat(s.overall().relativeScore())
        .isCloseTo((143 * 75.0 + 50 * 50.0) / 193, within(EPS));
    assertThat(s.overall().referenceScore()).isCloseTo((143 * 8.0 + 50 * 10.0) / 193, within(EPS));
    assertThat(s.excluded()).isEmpty();
  }

  @Test
  void reviewFilesRoundTripThroughChatSummaryAndResumeSkipsReviewedQuestions() {
    List<ChatQuestion> qs = ChatQuestions.read(SharedData.qa50()).subList(0, 6);
    AtomicInteger calls = new AtomicInteger();
    VisionChatModel failing = request -> {
      if (calls.incrementAndGet() == 4) {
        throw new RemoteServiceException("judge", 503, true, "HTTP 503 from judge");
      }
      return ChatResponse.of("9 3\nreason");
    };
    Path reviews = dir.resolve("reviews.jsonl");
    ChatEvaluator evaluator = ChatEvaluator.builder().judge(failing).judgeName("fake").build();

    assertThatThrownBy(() -> evaluator.run(qs, answersFor(qs), reviews))
        .isInstanceOf(RemoteServiceException.class);
    assertThat(ChatReviews.read(reviews)).hasSize(3);
    List<ChatReview> all = evaluator.run(qs, answersFor(qs), reviews);

    assertThat(calls.get()).isEqualTo(4 + 3);
    assertThat(all).extracting(ChatReview::questionId).containsExactly("0", "1", "2", "3", "4", "5");
    List<ChatReview> reread = ChatReviews.read(reviews);
    assertThat(reread).hasSize(6);
    assertThat(reread.get(0).domains()).isEqualTo(qs.get(0).domains());
    assertThat(ChatSummary.compute(reread, EvaluationMode.CORRECTED).overall().relativeScore())
        .isCloseTo(100.0 / 3, within(EPS));
  }

  @Test
  void concurrentJudgingWritesEveryReviewOnceAndReturnsQuestionOrder() throws Exception {
    List<ChatQuestion> qs = ChatQuestions.read(SharedData.qa50());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    VisionChatModel slow = request -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return ChatResponse.of("8 4\nok");
    };
    Path reviews = dir.resolve("reviews.jsonl");

    List<ChatReview> out = ChatEvaluator.builder().judge(slow).concurrency(8).build()
        .run(qs, answersFor(qs), reviews);

    assertThat(out).extracting(ChatReview::questionId)
        .containsExactlyElementsOf(qs.stream().map(ChatQuestion::id).toList());
    assertThat(Files.readAllLines(reviews)).hasSize(193);
    assertThat(peak.get()).isGreaterThan(1).isLessThanOrEqualTo(8);
  }

  @Test
  void aFailingConcurrentJudgeStopsAndKeepsWhatWasWritten() {
    List<ChatQuestion> qs = ChatQuestions.read(SharedData.qa50());
    VisionChatModel failsOnQuestion50 = request -> {
      if (request.messages().get(1).text().contains(qs.get(50).question() + "\n\n[Assistant 1]")) {
        throw new RemoteServiceException("judge", 401, false, "HTTP 401 from judge");
      }
      return ChatResponse.of("8 4\nok");
    };
    Path reviews = dir.resolve("reviews.jsonl");

    assertThatThrownBy(() -> ChatEvaluator.builder().judge(failsOnQuestion50).concurrency(4)
        .build().run(qs, answersFor(qs), reviews))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("HTTP 401");
    List<ChatReview> kept = ChatReviews.read(reviews);

    assertThat(kept).isNotEmpty().hasSizeLessThan(193)
        .noneMatch(r -> r.questionId().equals(qs.get(50).id()));
  }

  @Test
  void loopbackJudgeSeesTheTextOnlyPromptAndTheSwappedPass() throws Exception {
    ChatQuestion q = new ChatQuestion("42", "img.jpg", "What is shown?", "A chest X-ray.",
        "Fig. 1", "Chest radiograph of a patient.", List.of("As shown in Fig. 1 ."),
        EnumSet.of(Domain.CHEST_XRAY), "conversation");
    try (LoopbackChatServer server = LoopbackChatServer.builder().replies(body -> {
      String text = LoopbackChatServer.userText(body);
      return text.contains("[Assistant 1]\nA chest X-ray.") ? "8 6\nreference first" : "7 9\nswapped";
    }).build()) {
      ChatEvaluator evaluator = ChatEvaluator.builder().judge(server.client("gpt-4-0314"))
          .swap(true).build();

      ChatReview r = evaluator.review(q, "An MRI.");

      assertThat(server.requests()).hasSize(2);
      JsonNode first = server.requests().get(0);
      assertThat(first.get("temperature").asDouble()).isZero();
      assertThat(first.get("messages")).hasSize(2);
      assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");
      assertThat(first.at("/messages/0/content/0/text").asText())
          .isEqualTo(ChatJudgePrompt.SYSTEM);
      assertThat(first.at("/messages/1/content")).hasSize(1);
      assertThat(LoopbackChatServer.userText(first)).isEqualTo("[Context]\nFigure Caption:\n"
          + "Fig. 1: Chest radiograph of a patient.\n\nFigure Context:\n\t- As shown in Fig. 1 .\n\n"
          + "[Question]\nWhat is shown?\n\n"
          + "[Assistant 1]\nA chest X-ray.\n\n[End of Assistant 1]\n\n"
          + "[Assistant 2]\nAn MRI.\n\n[End of Assistant 2]\n\n"
          + "[System]\n" + ChatJudgePrompt.TEXT_ONLY_INSTRUCTIONS + "\n\n");
      assertThat(LoopbackChatServer.userText(server.requests().get(1)))
          .contains("[Assistant 1]\nAn MRI.\n\n[End of Assistant 1]\n\n[Assistant 2]\nA chest X-ray.\n");
      assertThat(r.judgement()).isEqualTo("8 6\nreference first");
      assertThat(r.swappedJudgement()).contains("7 9\nswapped");
      ChatSummary s = ChatSummary.compute(List.of(r), EvaluationMode.CORRECTED);
      // reference (8 + 9) / 2, model (6 + 7) / 2
      assertThat(s.overall().relativeScore()).isCloseTo(6.5 / 8.5 * 100, within(EPS));
    }
  }

  @Test
  void withImageStyleAttachesTheImageBeforeTheText() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.copy(SharedData.firstImage(".png"), images.resolve("fig.png"));
    ChatQuestion q = new ChatQuestion("1", "fig.png", "What stain?", "H&E.", "", "Caption.",
        List.of(), Set.of(Domain.HISTOLOGY), "conversation");
    try (LoopbackChatServer server =
        LoopbackChatServer.builder().replies(body -> "9 9\nsame").build()) {
      ChatEvaluator evaluator = ChatEvaluator.builder().judge(server.client("gpt-4o"))
          .prompt(ChatJudgePrompt.of(JudgeStyle.WITH_IMAGE))
          .imageRoot(ImageRoot.of(images)).build();

      evaluator.review(q, "H and E.");

      JsonNode sent = server.requests().get(0);
      assertThat(sent.at("/messages/1/content/0/type").asText()).isEqualTo("image_url");
      assertThat(sent.at("/messages/1/content/0/image_url/url").asText())
          .startsWith("data:image/png;base64,");
      assertThat(sent.at("/messages/1/content/1/text").asText())
          .startsWith("[Context]\nFigure Caption:\nCaption.\n\nFigure Context:\n\t- (none)\n")
          .endsWith("[System]\n" + ChatJudgePrompt.WITH_IMAGE_INSTRUCTIONS + "\n\n");
    }
  }

  @Test
  void withImageStyleNeedsAnImageFolder() {
    assertThatThrownBy(() -> ChatEvaluator.builder().judge(r -> ChatResponse.of("1 1"))
        .prompt(ChatJudgePrompt.of(JudgeStyle.WITH_IMAGE)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the with-image judge needs the question images; call imageRoot(...)");
  }
}
