package org.biomedvital.selection.embed;

import java.util.Locale;
import org.biomedvital.ProviderNotFoundException;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * Parses the embedder specs of the command line and model cards: {@code minilm} (fp32, the
 * default), {@code minilm-int8}, {@code hashing}, {@code hashing:DIM}, {@code onnx:PATH}. The ONNX
 * ones are found through {@link Providers}, so this module does not need ONNX Runtime: they come
 * from {@value #ONNX_ARTIFACT}.
 */
public final class EmbedderSpecs {
  /** The artifact that provides the {@code minilm} and {@code onnx} embedders. */
  public static final String ONNX_ARTIFACT = "org.biomedvital:biomed-vital-selection-onnx";

  private EmbedderSpecs() {}

  /**
   * Creates the embedder a spec names. The caller owns it (close it when it is {@link
   * AutoCloseable}).
   *
   * @throws IllegalArgumentException for an unknown spec, naming the accepted ones
   * @throws ProviderNotFoundException when the spec needs {@value #ONNX_ARTIFACT} and it is not on
   *     the class path, naming the artifact
   */
  public static Embedder create(String spec) {
    String s = spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("minilm")) {
      return onnx("minilm", ProviderSettings.EMPTY, spec);
    }
    if (lower.equals("minilm-int8")) {
      return onnx("minilm", ProviderSettings.of("variant", "int8"), spec);
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
      return onnx("onnx", ProviderSettings.of("path", s.substring("onnx:".length())), spec);
    }
    throw new IllegalArgumentException("unknown embedder '" + spec + "'; use minilm, minilm-int8,"
        + " hashing, hashing:DIM or onnx:PATH (a folder with text.onnx and tokenizer.json)");
  }

  private static Embedder onnx(String provider, ProviderSettings settings, String spec) {
    try {
      return Providers.embedder(provider, settings);
    } catch (ProviderNotFoundException e) {
      throw new ProviderNotFoundException("embedder '" + spec + "' is provided by " + ONNX_ARTIFACT
          + " (with com.microsoft.onnxruntime:onnxruntime, or onnxruntime_gpu for CUDA); add it to the"
          + " class path. " + e.getMessage());
    }
  }
}
