package org.biomedvital.evaluation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.chat.ChatQuestion;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.spi.ProviderSettings;
import org.junit.jupiter.api.Test;

class OpenChatStageTest {

  private static ChatQuestion question(String id, String reference, Domain domain) {
    return new ChatQuestion(id, id + ".jpg", "Where is the lesion?", reference, "Figure 1",
        "caption", List.of(), Set.of(domain), "conversation");
  }

  @Test
  void referenceMetricsAveragePerDomainAndOverall() {
    List<ChatQuestion> questions = List.of(
        question("1", "the lesion is in the left lung", Domain.CHEST_XRAY),
        question("2", "a mass in the liver", Domain.CT_SCAN));
    List<ModelAnswer> answers = List.of(
        ModelAnswer.of("1", "the lesion is in the left lung"),
        ModelAnswer.of("2", "normal study"));

    EvaluationTable table = OpenChatStage.referenceMetrics(questions, answers);

    assertThat(table.columns())
        .containsExactly("Group", "Questions", "Token recall %", "Token F1 %", "BLEU-1 %");
    assertThat(table.rows()).containsExactly(
        List.of("CXR", "1", "100.0", "100.0", "100.0"),
        List.of("CT", "1", "0.0", "0.0", "0.0"),
        List.of("Overall", "2", "50.0", "50.0", "50.0"));
  }

  @Test
  void missingAnswersAreAnErrorNamingTheQuestion() {
    List<ChatQuestion> questions = List.of(question("7", "a b", Domain.MRI));

    assertThatThrownBy(() -> OpenChatStage.referenceMetrics(questions, List.of()))
        .hasMessageContaining("7");
  }

  @Test
  void badJudgeStyleIsRejectedWithTheAllowedValues() {
    OpenChatStageProvider provider = new OpenChatStageProvider();

    assertThat(provider.name()).isEqualTo("open-chat");
    assertThatThrownBy(() -> provider.create(ProviderSettings.of("judge-style", "sideways")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting 'judge-style' must be text-only or with-image but was 'sideways'");
  }
}
