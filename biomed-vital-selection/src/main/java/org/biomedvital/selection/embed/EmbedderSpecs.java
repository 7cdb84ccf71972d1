package org.biomedvital.selection.embed;

import java.nio.file.Path;
import java.util.Locale;
import org.biomedvital.model.Embedder;

/**
 * Parses the embedder specs of the command line and model cards: {@code minilm}, {@code hashing},
 * {@code hashing:DIM}, {@code onnx:PATH}.
 */
public final class EmbedderSpecs {
  private EmbedderSpecs() {}

  /**
   * Creates the embedder a spec names. The caller owns it (close it when it is {@link
   * AutoCloseable}).
   *
   * @throws IllegalArgumentException for an unknown spec, naming the accepted ones
   */
  public static Embedder create(String spec) {
    String s = spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("minilm")) {
      return MiniLmEmbedder.create();
    }
    if (lower.equals("hashing")) {
      return HashingEmbedder.create();
    }
    if (lower.startsWith("hashing:")) {
      try {
        return HashingEmbedder.create(Integer.parseInt(s.substring("hashing:".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "embedder '" + spec + "': hashing:DIM needs an integer dimension", e);
      }
    }
    if (lower.startsWith("onnx:")) {
      return OnnxImageTextEmbedder.load(Path.of(s.substring("onnx:".length())));
    }
    throw new IllegalArgumentException("unknown embedder '" + spec
        + "'; use minilm, hashing, hashing:DIM or onnx:PATH (a folder with text.onnx and tokenizer.json)");
  }
}
