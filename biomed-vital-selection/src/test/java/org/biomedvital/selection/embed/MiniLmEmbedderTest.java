package org.biomedvital.selection.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.biomedvital.model.EmbeddingInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class MiniLmEmbedderTest {
  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = MiniLmEmbedder.create(128, 1);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static double sim(String a, String b) {
    return Vectors.dot(embedder.embed(EmbeddingInput.text(a)), embedder.embed(EmbeddingInput.text(b)));
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
  void vectorsAreUnitLengthAndTheSameAloneOrInAList() {
    List<EmbeddingInput> inputs = List.of(EmbeddingInput.text("short"),
        EmbeddingInput.text("a somewhat longer sentence about an MRI of the knee"),
        EmbeddingInput.text(""));

    List<float[]> batched = embedder.embedAll(inputs);

    assertThat(batched).hasSize(3);
    for (int i = 0; i < 3; i++) {
      float[] single = embedder.embed(inputs.get(i));
      assertThat(single).hasSize(MiniLmEmbedder.DIMENSION);
      assertThat(Vectors.dot(single, single)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(batched.get(i)).containsExactly(single);
    }
  }

  @Test
  void batchesAboveOneChangeVectorsOnlySlightly() {
    try (MiniLmEmbedder batching = MiniLmEmbedder.create(128, 8)) {
      List<float[]> batched = batching.embedAll(List.of(EmbeddingInput.text("short"),
          EmbeddingInput.text("a somewhat longer sentence about an MRI of the knee")));

      assertThat(Vectors.dot(batched.get(0), embedder.embed(EmbeddingInput.text("short"))))
          .isGreaterThan(0.95);
    }
  }

  @Test
  void longTextsAreTruncatedAndCounted() {
    long before = embedder.truncatedCount();

    embedder.embed(EmbeddingInput.text("word ".repeat(400)));
    embedder.embed(EmbeddingInput.text("a short one"));

    assertThat(embedder.truncatedCount()).isEqualTo(before + 1);
  }
}
