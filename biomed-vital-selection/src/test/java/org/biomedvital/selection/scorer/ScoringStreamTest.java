package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.junit.jupiter.api.Test;

final class ScoringStreamTest {
  /** Counts the texts it is asked to embed, and can fail on a marked text. */
  private static final class CountingEmbedder implements Embedder {
    final HashingEmbedder inner = HashingEmbedder.create(32);
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public float[] embed(EmbeddingInput input) {
      texts.incrementAndGet();
      if (input.text().contains("FAIL")) {
        throw new IllegalStateException("embedding failed on purpose");
      }
      return inner.embed(input);
    }

    @Override
    public String id() {
      return "counting-" + inner.id();
    }
  }

  /** {@code figures} figures, {@code perFigure} candidates each sharing its caption; one Q/A in three repeats. */
  private static List<InstructionSample> pool(int figures, int perFigure) {
    List<InstructionSample> out = new ArrayList<>();
    Random r = new Random(3);
    for (int f = 0; f < figures; f++) {
      for (int c = 0; c < perFigure; c++) {
        String q1 = "What modality is shown?";
        String a1 = "It is a CT scan of figure " + f + ".";
        String q2 = "What is notable in candidate " + c + " of " + f + "?";
        String a2 = c % 3 == 0 ? "Nothing unusual." : "A lesion of " + r.nextInt(1000) + " mm.";
        out.add(InstructionSample.builder().id("f" + f + "c" + c).image("f" + f + ".jpg")
            .caption("Figure " + f + ": axial CT of the abdomen with contrast.")
            .conversation(Conversation.of(q1, a1, q2, a2)).build());
      }
    }
    return out;
  }

  private static MlpScorer trained(Embedder e, int window) {
    ScorerConfig config = ScorerConfig.builder().hidden(List.of(16)).epochs(1).batchSize(8).patience(0)
        .scoringBatchSize(window).build();
    MlpScorer s = MlpScorer.builder().embedder(e).config(config).build();
    int dim = s.inputDimension();
    float[][] rows = {new float[dim], new float[dim]};
    rows[0][0] = 1f;
    s.fitFeatures(rows, new int[] {0}, new int[] {1}, new float[] {1f}, TrainingListener.NONE);
    return s;
  }

  @Test
  void streamScoresEqualScoreAllInInputOrderAndEachDistinctTextIsEmbeddedOnce() {
    List<InstructionSample> pool = pool(40, 5);
    CountingEmbedder e = new CountingEmbedder();
    double[] expected;
    // The same MLP batches (16 rows) as the stream's windows: PyTorch's GEMM may round a row
    // differently in another batch shape.
    try (MlpScorer reference = trained(e, 16)) {
      expected = reference.scoreAll(pool);
    }
    CountingEmbedder counting = new CountingEmbedder();
    try (MlpScorer s = trained(counting, 16)) {
      int before = counting.texts.get();
      List<InstructionSample> seen = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      s.scoreStream(pool.iterator(), (c, v) -> {
        seen.add(c);
        scores.add(v);
      });

      assertThat(seen).isEqualTo(pool);
      for (int i = 0; i < pool.size(); i++) {
        assertThat(scores.get(i)).isEqualTo(expected[i]);
      }
      // 40 captions + 40 shared first Q/As + distinct second Q/As: never 200 x 3.
      long distinct = pool.stream().flatMap(c -> {
        List<String> t = new ArrayList<>(TextMode.exchanges(c));
        t.add(TextMode.context(c));
        return t.stream();
      }).distinct().count();
      assertThat(counting.texts.get() - before).isEqualTo((int) distinct);
      assertThat(distinct).isLessThan(pool.size() * 3 / 2);
      assertThat(s.textStats().texts()).isEqualTo(pool.size() * 3L);
      assertThat(s.textStats().embedded()).isEqualTo(distinct);
    }
  }

  @Test
  void aFailingStageIsRethrownToTheCaller() {
    List<InstructionSample> pool = new ArrayList<>(pool(10, 5));
    pool.set(37, InstructionSample.builder().id("bad").image("x.jpg").caption("FAIL here")
        .conversation(Conversation.of("q", "a")).build());
    try (MlpScorer s = trained(new CountingEmbedder(), 8)) {
      List<String> got = new ArrayList<>();
      assertThatThrownBy(() -> s.scoreStream(pool.iterator(), (c, v) -> got.add(c.id())))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("on purpose");
      // What was scored before the failing window reached the sink, in order.
      assertThat(got).isEqualTo(pool.subList(0, got.size()).stream().map(InstructionSample::id).toList());
      assertThat(got.size()).isLessThan(37);
    }
  }

  @Test
  void aBoundedMemoStillScoresCorrectly() {
    List<InstructionSample> pool = pool(30, 4);
    double[] expected;
    try (MlpScorer reference = trained(new CountingEmbedder(), 5)) {
      expected = reference.scoreAll(pool);
    }
    ScorerConfig config = ScorerConfig.builder().hidden(List.of(16)).epochs(1).batchSize(8).patience(0)
        .scoringBatchSize(5).build();
    CountingEmbedder e = new CountingEmbedder();
    try (MlpScorer s = MlpScorer.builder().embedder(e).config(config).rememberedTexts(4).build()) {
      int dim = s.inputDimension();
      float[][] rows = {new float[dim], new float[dim]};
      rows[0][0] = 1f;
      s.fitFeatures(rows, new int[] {0}, new int[] {1}, new float[] {1f}, TrainingListener.NONE);
      List<Double> scores = new ArrayList<>();
      s.scoreStream(pool.iterator(), (c, v) -> scores.add(v));
      double[] again = s.scoreAll(pool);
      for (int i = 0; i < pool.size(); i++) {
        assertThat(scores.get(i)).as("stream %d", i).isEqualTo(again[i]);
      }
      for (int i = 0; i < pool.size(); i++) {
        assertThat(scores.get(i)).as("reference %d", i).isEqualTo(expected[i]);
      }
    }
  }
}
