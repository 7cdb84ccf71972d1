package org.biomedvital.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.ScorerConfig;
import org.biomedvital.selection.scorer.internal.ScorerInternals;
import org.junit.jupiter.api.Test;

/** Scores do not depend on the embedding batch size: batching is safe as the default. */
final class ScoreDeterminismTest {
  private static List<InstructionSample> pool() {
    String[] findings = {"a nodule in the right upper lobe", "a fracture of the distal radius",
      "a hypodense lesion in the liver", "bilateral pleural effusions", "a ring-enhancing mass"};
    List<InstructionSample> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      out.add(InstructionSample.builder().id("c" + i).image("f" + i / 4 + ".jpg")
          .caption("Figure " + i / 4 + ": axial CT with contrast.")
          .conversation(Conversation.of("What does the image show?", "It shows " + findings[i % 5] + ".",
              "Is it abnormal?", i % 3 == 0 ? "Yes." : "Yes, it needs follow-up in " + i + " weeks."))
          .build());
    }
    return out;
  }

  private static MlpScorer scorer(MiniLmEmbedder e) {
    MlpScorer s = MlpScorer.builder().embedder(e).config(ScorerConfig.builder().hidden(List.of(32)).epochs(1)
        .patience(0).scoringBatchSize(16).build()).build();
    float[][] rows = {new float[s.inputDimension()], new float[s.inputDimension()]};
    rows[0][0] = 1f;
    ScorerInternals.fitFeatures(s, rows, new int[] {0}, new int[] {1}, new float[] {1f}, TrainingListener.NONE);
    return s;
  }

  @Test
  void scoresAreIdenticalWhateverTheEmbeddingBatchSize() {
    List<InstructionSample> pool = pool();
    double[] one;
    double[] many;
    List<Double> streamed = new ArrayList<>();
    try (MiniLmEmbedder b1 = MiniLmEmbedder.builder().maxTokens(128).batchSize(1).threads(1).build();
        MlpScorer s1 = scorer(b1)) {
      one = s1.scoreAll(pool);
    }
    try (MiniLmEmbedder b64 = MiniLmEmbedder.builder().maxTokens(128).batchSize(64).threads(2).build();
        MlpScorer s64 = scorer(b64)) {
      many = s64.scoreAll(pool);
      s64.scoreStream(pool.iterator(), (c, v) -> streamed.add(v));
      // Shared captions and repeated Q/A were embedded once.
      assertThat(s64.textStats().embedded()).isLessThan(s64.textStats().texts());
    }
    assertThat(many).containsExactly(one);
    assertThat(streamed).containsExactly(Arrays.stream(one).boxed().toArray(Double[]::new));
    assertThat(Arrays.stream(one).distinct().count()).isGreaterThan(30);
  }
}
