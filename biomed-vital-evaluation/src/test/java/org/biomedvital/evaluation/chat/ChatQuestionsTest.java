package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChatQuestionsTest {
  @TempDir Path dir;

  @Test
  void readsTheRealQa50File() {
    List<ChatQuestion> qs = ChatQuestions.read(SharedData.qa50());

    assertThat(qs).hasSize(193);
    Map<String, Long> byType = qs.stream()
        .collect(Collectors.groupingBy(ChatQuestion::type, Collectors.counting()));
    assertThat(byType).containsExactlyInAnyOrderEntriesOf(
        Map.of("conversation", 143L, "detailed_description", 50L));
    Map<Domain, Long> byDomain = qs.stream()
        .collect(Collectors.groupingBy(q -> q.domain().orElseThrow(), Collectors.counting()));
    assertThat(byDomain).containsExactlyInAnyOrderEntriesOf(Map.of(Domain.CHEST_XRAY, 37L,
        Domain.MRI, 38L, Domain.HISTOLOGY, 44L, Domain.GROSS, 34L, Domain.CT_SCAN, 40L));
    ChatQuestion first = qs.get(0);
    assertThat(first.id()).isEqualTo("0");
    assertThat(first.question()).isEqualTo("What is the organ in the image?");
    assertThat(first.image()).isEqualTo("18063892_F3.jpg");
    assertThat(first.figLabel()).isEqualTo("Fig. 3");
    assertThat(first.mentions()).containsExactly(
        "Inflammatory cells were not found in the vicinity ( Fig. 3 , 4 , 5 ) .");
    assertThat(qs).noneMatch(q -> q.question().contains("<image>"));
    assertThat(qs.stream().filter(q -> q.mentions().isEmpty()).count()).isEqualTo(14);
  }

  @Test
  void badDomainFlagsAndMissingAnswersNameTheLineAndField() throws Exception {
    Path bad = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 0, \"text\": \"Q?\\n<image>\", \"gpt4_answer\": \"A\", \"type\": \"conversation\"}\n"
            + "{\"question_id\": 1, \"text\": \"Q?\", \"gpt4_answer\": \"A\", \"domain\": {\"xray\": true}}\n");
    Path noAnswer = Files.writeString(dir.resolve("n.jsonl"), "{\"question_id\": 0, \"text\": \"Q\"}\n");

    assertThatThrownBy(() -> ChatQuestions.read(bad))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(bad + ":2: field 'domain.xray' is not a known domain; expected chest_xray,"
            + " mri, ct_scan, histology or gross");
    assertThatThrownBy(() -> ChatQuestions.read(noAnswer))
        .hasMessage(noAnswer + ":1: field 'gpt4_answer' is required but missing");
  }
}
