package org.biomedvital.selection.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.DuplicatePolicy;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.ScoredSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionFilesTest {
  @TempDir Path dir;

  @Test
  void poolJoinsScoresToCandidatesAndRefusesAMissingScore() throws IOException {
    Path candidates = candidates("a", "b");
    Path scores = dir.resolve("scores.jsonl");
    Files.writeString(scores, "{\"id\":\"a\",\"score\":0.25}\n{\"id\":\"b\",\"score\":0.75}\n");

    List<ScoredSample> pool = SelectionFiles.scoredPool(scores, candidates, DuplicatePolicy.REFUSE);

    assertThat(pool).extracting(s -> s.sample().id()).containsExactly("a", "b");
    assertThat(pool).extracting(ScoredSample::score).containsExactly(0.25, 0.75);
    Files.writeString(scores, "{\"id\":\"a\",\"score\":0.25}\n");
    assertThatThrownBy(() -> SelectionFiles.scoredPool(scores, candidates, DuplicatePolicy.REFUSE))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("no score for candidate 'b'");
  }

  @Test
  void trainingFileHasOneImageTokenPerSampleAtTheSeededPlaceAndRefusesATwin() throws IOException {
    List<InstructionSample> samples = List.of(sample("a"), sample("b"), sample("c"));
    Path out = dir.resolve("selected.json");

    SelectionFiles.writeTrainingFile(out, samples, 7);

    JsonNode arr = Json.mapper().readTree(out.toFile());
    assertThat(arr).hasSize(3);
    for (JsonNode n : arr) {
      String first = n.get("conversations").get(0).get("value").asText();
      assertThat(first.split("<image>", -1)).hasSize(2);
      assertThat(first.startsWith("<image>"))
          .isEqualTo(SelectionFiles.imageTokenFirst(7, n.get("id").asText()));
    }
    byte[] once = Files.readAllBytes(out);
    SelectionFiles.writeTrainingFile(out, samples, 7);
    assertThat(Files.readAllBytes(out)).isEqualTo(once);
    assertThatThrownBy(() -> SelectionFiles.writeTrainingFile(out,
        List.of(sample("a"), sample("a")), 7)).hasMessageContaining("'a' was selected twice");
  }

  private Path candidates(String... ids) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String id : ids) {
      sb.append(Samples.toJson(sample(id))).append('\n');
    }
    Path p = dir.resolve("candidates.jsonl");
    Files.writeString(p, sb.toString());
    return p;
  }

  private static InstructionSample sample(String id) {
    return InstructionSample.builder().id(id).image(id + ".jpg").caption("Axial CT.")
        .conversation(Conversation.of("What modality?", "CT.")).build();
  }
}
