package org.biomedvital.selection.onnx;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides {@link OnnxImageTextEmbedder} as {@code onnx}; setting {@code path} (required). */
public final class OnnxEmbedderProvider extends DeclaredProvider<Embedder>
    implements EmbedderProvider {
  /** Does nothing; {@link #create} builds the embedder. */
  public OnnxEmbedderProvider() {
    super("onnx", Set.of("path"),
        "image+text ONNX embedder (BiomedCLIP export) from a folder; setting path");
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return OnnxImageTextEmbedder.load(settings.pathValue("path").orElseThrow(() ->
        new IllegalArgumentException("setting 'path' is required: the folder holding text.onnx,"
            + " tokenizer.json and optionally image.onnx")));
  }
}
