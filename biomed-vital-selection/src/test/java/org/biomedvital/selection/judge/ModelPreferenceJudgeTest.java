package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.Rating;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatRole;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.testing.FakeVisionChatModel;
import org.junit.jupiter.api.Test;

final class ModelPreferenceJudgeTest {
  private static final ImageRef IMAGE = ImageRef.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});

  @Test
  void sendsImageRubricAndConversationAtTemperatureZeroAsJson() {
    FakeVisionChatModel model =
        FakeVisionChatModel.answering(r -> "{\"score\": 8, \"rationale\": \"good\"}");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder().model(model).rater("gpt-4o").build();

    Rating r = judge.rate(Samples.grounded("s1"), IMAGE);

    assertThat(r).isEqualTo(new Rating("s1", 8, 10, "biomed-vital-clinician@1", "gpt-4o", "good"));
    ChatRequest sent = model.requests().get(0);
    assertThat(sent.temperature().getAsDouble()).isEqualTo(0.0);
    assertThat(sent.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
    assertThat(sent.messages().get(0).role()).isEqualTo(ChatRole.SYSTEM);
    assertThat(sent.messages().get(1).images()).containsExactly(IMAGE);
    assertThat(lastUserText(model))
        .contains("[Context]\nFigure caption: Axial contrast-enhanced CT")
        .contains("- The abscess was drained percutaneously.")
        .contains("User: What abnormality is visible in the liver?")
        .contains("User: How might this lesion be treated?")
        .contains("[System]\nAct as a medical expert.");
  }

  @Test
  void compatScopeSendsOnlyTheFirstQuestionAndAnswer() {
    FakeVisionChatModel model = FakeVisionChatModel.answering(r -> "7\nok");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder().model(model)
        .scope(JudgeScope.COMPAT).build();

    Rating r = judge.rate(Samples.grounded("s1"), null);

    assertThat(r.score()).isEqualTo(7.0);
    assertThat(lastUserText(model))
        .contains("Question: What abnormality is visible in the liver?\nAnswer: There is")
        .doesNotContain("How might this lesion be treated?");
    assertThat(model.requests().get(0).messages().get(1).images()).isEmpty();
  }

  @Test
  void unparseableReplyIsAFailureWithTheRawReplyNeverADefaultScore() {
    FakeVisionChatModel model = FakeVisionChatModel.answering(r -> "I would rate this highly.");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder().model(model).build();

    assertThatThrownBy(() -> judge.rate(Samples.grounded("s9"), IMAGE))
        .isInstanceOfSatisfying(UnparseableReplyException.class,
            e -> assertThat(e.rawReply()).isEqualTo("I would rate this highly."))
        .hasMessage("sample s9: judge reply has no JSON object and no number on its first line");
  }

  @Test
  void customRubricIdAndScaleGoIntoTheRating() {
    Rubric five = new Rubric("five", "2", 5, "sys", "Rate.", java.util.List.of("c"),
        java.util.List.of(), "Score first.");
    ModelPreferenceJudge judge = ModelPreferenceJudge.builder()
        .model(FakeVisionChatModel.answering(r -> "{\"score\": 4}")).rubric(five).build();

    Rating r = judge.rate(Samples.grounded("s1"), IMAGE);

    assertThat(r.rubricId()).isEqualTo("five@2");
    assertThat(r.normalised()).isEqualTo(0.8);
  }

  @Test
  void builderRequiresAModel() {
    assertThatThrownBy(() -> ModelPreferenceJudge.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model is required; call model(...)");
  }

  private static String lastUserText(FakeVisionChatModel model) {
    ChatRequest r = model.lastRequest();
    return r.messages().get(r.messages().size() - 1).text();
  }
}
