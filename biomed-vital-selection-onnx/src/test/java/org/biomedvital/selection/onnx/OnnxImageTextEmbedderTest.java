package org.biomedvital.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.biomedvital.selection.embed.Vectors;

final class OnnxImageTextEmbedderTest {
  private static final float[] A = {1f, 0.5f, -0.25f, 0f};
  private static final float[] C = {0f, 100f, 0f, 50f};

  @TempDir Path dir;

  private void writeFolder(boolean withImage) throws Exception {
    Files.write(dir.resolve("text.onnx"), TinyOnnx.textModel(A, C));
    if (withImage) {
      Files.write(dir.resolve("image.onnx"), TinyOnnx.imageModel(new float[] {
          1, 0, 0, 1,
          0, 1, 0, 1,
          0, 0, 1, 1}));
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLmEmbedder.Variant.FP32.tokenizerResource())) {
      Files.copy(in, dir.resolve("tokenizer.json"));
    }
    Files.writeString(dir.resolve("embedder.json"),
        "{\"id\": \"tiny\", \"context_length\": 16, \"image_size\": 8}");
  }

  private static ImageRef png(int rgb) throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 12,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 20; x++) {
      for (int y = 0; y < 12; y++) {
        img.setRGB(x, y, rgb);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return ImageRef.of(out.toByteArray());
  }

  @Test
  void concatenatesTheNormalisedTextAndImageEmbeddingsFromTheGraphs() throws Exception {
    writeFolder(true);

    try (OnnxImageTextEmbedder embedder = OnnxImageTextEmbedder.load(dir);
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tok =
            ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"))) {
      float[] textOnly = embedder.embed(EmbeddingInput.text("a chest x-ray"));
      float[] red = embedder.embed(EmbeddingInput.of("a chest x-ray", png(0xff0000)));
      float[] blue = embedder.embed(EmbeddingInput.of("a chest x-ray", png(0x0000ff)));

      assertThat(embedder.textDimension()).isEqualTo(4);
      assertThat(embedder.imageDimension()).isEqualTo(4);
      assertThat(textOnly).hasSize(8);
      long sum = 0;
      for (long id : tok.encode("a chest x-ray").getIds()) {
        sum += id;
      }
      float[] expected = new float[4];
      for (int i = 0; i < 4; i++) {
        expected[i] = sum * A[i] + C[i];
      }
      Vectors.normaliseInPlace(expected);
      for (int i = 0; i < 4; i++) {
        assertThat(textOnly[i]).isCloseTo(expected[i], offset(1e-5f));
        assertThat(textOnly[4 + i]).isEqualTo(0f);
        assertThat(red[i]).isEqualTo(textOnly[i]);
      }
      float[] redImage = java.util.Arrays.copyOfRange(red, 4, 8);
      float[] blueImage = java.util.Arrays.copyOfRange(blue, 4, 8);
      assertThat(Vectors.dot(redImage, redImage)).isCloseTo(1.0, offset(1e-5));
      assertThat(Vectors.dot(redImage, blueImage)).isLessThan(0.9);
      assertThat(embedder.embedAll(List.of(EmbeddingInput.of("a chest x-ray", png(0xff0000)),
          EmbeddingInput.text("a chest x-ray"))).get(0)).containsExactly(red);
    }
  }

  @Test
  void worksWithoutAnImageModelAndIsFoundThroughTheProvider() throws Exception {
    writeFolder(false);

    Embedder embedder = Providers.embedder("onnx", ProviderSettings.of("path", dir.toString()));
    try {
      float[] v = embedder.embed(EmbeddingInput.of("text", png(0x00ff00)));

      assertThat(v).hasSize(4);
      assertThat(embedder.id()).startsWith("onnx:tiny/");
    } finally {
      ((AutoCloseable) embedder).close();
    }
  }

  @Test
  void aFolderWithoutTheTextModelIsRefusedWithAHint() {
    assertThatThrownBy(() -> OnnxImageTextEmbedder.load(dir))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("text.onnx")
        .hasMessageContaining("is missing")
        .hasMessageContaining("docs/selection.md");
  }
}
