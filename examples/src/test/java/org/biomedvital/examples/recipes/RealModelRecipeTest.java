package org.biomedvital.examples.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.biomedvital.cli.pipeline.ModelServerReplies;
import org.biomedvital.selection.preference.Ratings;
import org.biomedvital.testing.LoopbackChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealModelRecipeTest {
  @TempDir Path dir;

  @Test
  void generatesJudgesAndPairsOverALoopbackServer() throws Exception {
    String key = System.getenv("VITAL_TEST_API_KEY");
    ModelServerReplies replies = new ModelServerReplies();
    try (LoopbackChatServer server = ModelServerReplies.start(key, replies)) {
      assertThat(RealModelRecipe.run(dir, server.baseUrl(), "loopback-vlm", "VITAL_TEST_API_KEY"))
          .containsExactly("generate", "judge", "pairs");
      assertThat(replies.generatorReplies()).isEqualTo(40);
      assertThat(server.badKeys()).isZero();
    }
    assertThat(Ratings.read(dir.resolve("run/ratings.jsonl"))).hasSize(40)
        .allSatisfy(r -> assertThat(r.rating().rationale()).startsWith("server judge "));
  }
}
