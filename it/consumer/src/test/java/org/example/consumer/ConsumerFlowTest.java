package org.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.SelectionScorerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConsumerFlowTest {
  @TempDir Path dir;

  @Test
  void theApplicationsScorerIsFoundByNameThroughItsOwnServiceFile() {
    assertThat(Providers.available(SelectionScorerProvider.class))
        .containsKey(AnswerLengthScorerProvider.NAME);
    assertThat(Providers.describe()).contains(AnswerLengthScorerProvider.NAME);
    assertThatThrownBy(() -> Providers.selectionScorer(AnswerLengthScorerProvider.NAME,
        ProviderSettings.of("capp", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capp").hasMessageContaining("cap");
  }

  @Test
  void theScorerCountsAnswerWordsUpToItsCap() {
    SelectionScorer scorer = Providers.selectionScorer(AnswerLengthScorerProvider.NAME,
        ProviderSettings.of("cap", "4"));

    assertThat(scorer.score(sample("one two"))).isEqualTo(0.5);
    assertThat(scorer.score(sample("one two three four five six"))).isEqualTo(1.0);
  }

  @Test
  void thePipelineRunsTheLambdaGeneratorAndTheApplicationsScorer() throws IOException {
    AtomicInteger calls = new AtomicInteger();

    List<String> ran = ConsumerFlow.run(dir, calls);

    assertThat(ran).containsExactly("generate", "judge", "pairs", "score", "select", "export");
    assertThat(calls).hasValue(ConsumerFlow.FIGURES * 2);
    Path run = dir.resolve("run");
    assertThat(Files.readAllLines(run.resolve("candidates.jsonl"))).hasSize(ConsumerFlow.FIGURES * 2);
    assertThat(Files.readAllLines(run.resolve("scores.jsonl"))).hasSize(ConsumerFlow.FIGURES * 2);
    String selected = Files.readString(run.resolve("selected.json"));
    assertThat(selected).contains("The figure shows a bright focal lesion").doesNotContain("Unclear.");
    assertThat(run.resolve("run-manifest.json")).isRegularFile();
  }

  private static InstructionSample sample(String answer) {
    return InstructionSample.builder().id("s1").image("a.png")
        .conversation(Conversation.of("<image>\nWhat is shown?", answer)).build();
  }
}
