package org.biomedvital.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.embed.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class MiniLmEmbedderTest {
  private static final String[] WORDS = ("the chest ct shows a nodule in right upper lobe axial mri of knee"
      + " with joint effusion no fracture is seen lesion enhancement contrast hepatic cyst measuring cm"
      + " histology stained section demonstrates granulomas patient history arrow indicates").split(" ");

  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = MiniLmEmbedder.builder().maxTokens(128).batchSize(1).threads(1).build();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static double sim(String a, String b) {
    return Vectors.dot(embedder.embed(EmbeddingInput.text(a)), embedder.embed(EmbeddingInput.text(b)));
  }

  /** Texts of 1 to 24 words drawn from a small vocabulary, so that many share a token count. */
  private static List<EmbeddingInput> texts(int n, long seed) {
    Random r = new Random(seed);
    List<EmbeddingInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int words = 1 + r.nextInt(24);
      for (int w = 0; w < words; w++) {
        sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
      }
      out.add(EmbeddingInput.text(sb.toString().trim()));
    }
    return out;
  }

  @Test
  void paraphrasesScoreFarAboveUnrelatedText() {
    double paraphrase = sim("The chest X-ray shows an enlarged heart.",
        "The radiograph of the chest reveals cardiomegaly.");
    double unrelated = sim("The chest X-ray shows an enlarged heart.",
        "The recipe needs two cups of flour and an egg.");

    assertThat(paraphrase).isGreaterThan(0.6);
    assertThat(unrelated).isLessThan(0.2);
    assertThat(paraphrase - unrelated).isGreaterThan(0.5);
  }

  @Test
  void theDefaultIsFp32WithBatching() {
    try (MiniLmEmbedder d = MiniLmEmbedder.create()) {
      assertThat(d.variant()).isEqualTo(MiniLmEmbedder.Variant.FP32);
      assertThat(d.batchSize()).isEqualTo(MiniLmEmbedder.DEFAULT_BATCH_SIZE).isGreaterThan(1);
      assertThat(d.id()).isEqualTo("all-minilm-l6-v2/max256");
    }
  }

  @Test
  void aTextsVectorIsBitIdenticalAloneAndInAnyBatchOfAnySize() {
    List<EmbeddingInput> pool = texts(120, 7);
    List<float[]> alone = new ArrayList<>();
    for (EmbeddingInput in : pool) {
      alone.add(embedder.embed(in));
    }
    try (MiniLmEmbedder b3 = MiniLmEmbedder.builder().maxTokens(128).batchSize(3).threads(2).build();
        MiniLmEmbedder b64 = MiniLmEmbedder.builder().maxTokens(128).batchSize(64).threads(1).build()) {
      List<float[]> all3 = b3.embedAll(pool);
      long callsBefore = b64.modelCalls();
      List<float[]> all64 = b64.embedAll(pool);
      // Batches really formed: far fewer model calls than texts.
      assertThat(b64.modelCalls() - callsBefore).isLessThan(pool.size() / 3);
      for (int i = 0; i < pool.size(); i++) {
        assertThat(all3.get(i)).as("text %d, batch 3", i).containsExactly(alone.get(i));
        assertThat(all64.get(i)).as("text %d, batch 64", i).containsExactly(alone.get(i));
      }
      // Any sub-list, in any order, with any batch-mates: the same bits.
      qt().withExamples(15).forAll(lists().of(integers().between(0, pool.size() - 1)).ofSizeBetween(1, 40))
          .checkAssert(idx -> {
            List<EmbeddingInput> sub = new ArrayList<>();
            idx.forEach(i -> sub.add(pool.get(i)));
            List<float[]> v = b64.embedAll(sub);
            for (int k = 0; k < idx.size(); k++) {
              assertThat(v.get(k)).containsExactly(alone.get(idx.get(k)));
            }
          });
    }
  }

  @Test
  void vectorsAreUnitLength() {
    for (String t : List.of("short", "a somewhat longer sentence about an MRI of the knee", "")) {
      float[] v = embedder.embed(EmbeddingInput.text(t));
      assertThat(v).hasSize(MiniLmEmbedder.DIMENSION);
      assertThat(Vectors.dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void int8RemainsAnOptionAndItsBatchedVectorsDependOnBatchMatesOnlySlightly() {
    try (MiniLmEmbedder int8 = MiniLmEmbedder.builder().variant(MiniLmEmbedder.Variant.INT8).maxTokens(128)
            .threads(1).build();
        MiniLmEmbedder int8Batched = MiniLmEmbedder.builder().variant(MiniLmEmbedder.Variant.INT8)
            .maxTokens(128).batchSize(8).threads(1).build()) {
      assertThat(int8.batchSize()).isEqualTo(1);
      assertThat(int8.id()).isEqualTo("all-minilm-l6-v2-q/max128");
      List<EmbeddingInput> same = List.of(EmbeddingInput.text("the chest ct shows a nodule"),
          EmbeddingInput.text("axial mri of knee with joint"));
      float[] alone = int8.embed(same.get(0));
      List<float[]> batched = int8Batched.embedAll(same);
      assertThat(Vectors.dot(batched.get(0), alone)).isGreaterThan(0.95);
      assertThat(Vectors.dot(alone, embedder.embed(same.get(0)))).isGreaterThan(0.9);
    }
  }

  @Test
  void longTextsAreTruncatedAndCounted() {
    long before = embedder.truncatedCount();

    embedder.embed(EmbeddingInput.text("word ".repeat(400)));
    embedder.embed(EmbeddingInput.text("a short one"));

    assertThat(embedder.truncatedCount()).isEqualTo(before + 1);
  }

  @Test
  void providerAndSpecsCreateItAndRefuseUnknownSettings() {
    assertThat(org.biomedvital.spi.Providers.available(org.biomedvital.spi.EmbedderProvider.class))
        .containsKeys("minilm", "onnx", "hashing");
    try (MiniLmEmbedder q = (MiniLmEmbedder) org.biomedvital.selection.embed.EmbedderSpecs.create("minilm-int8")) {
      assertThat(q.variant()).isEqualTo(MiniLmEmbedder.Variant.INT8);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.biomedvital.spi.Providers.embedder("minilm",
        org.biomedvital.spi.ProviderSettings.of("batchsize", "8"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch-size");
  }

  @Test
  void buildLoadsNothingAndToBuilderKeepsTheSettings() {
    try (MiniLmEmbedder fp32 = MiniLmEmbedder.builder().maxTokens(64).threads(1).build();
        MiniLmEmbedder int8 = fp32.toBuilder().variant(MiniLmEmbedder.Variant.INT8).build();
        MiniLmEmbedder same = fp32.toBuilder().build()) {
      assertThat(fp32.modelCalls()).isZero();
      // a batch size left to the variant's default follows the variant
      assertThat(fp32.batchSize()).isEqualTo(MiniLmEmbedder.DEFAULT_BATCH_SIZE);
      assertThat(int8.batchSize()).isEqualTo(1);
      assertThat(int8.maxTokens()).isEqualTo(64);
      assertThat(same.toString()).isEqualTo(fp32.toString());
      assertThat(same.embed(EmbeddingInput.text("a nodule"))).containsExactly(fp32.embed(EmbeddingInput.text("a nodule")));
      assertThat(fp32.modelCalls()).isEqualTo(1);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MiniLmEmbedder.builder().maxTokens(513))
        .hasMessage("maxTokens must be 1 to 512 (the model's positions) but was 513");
  }
}
