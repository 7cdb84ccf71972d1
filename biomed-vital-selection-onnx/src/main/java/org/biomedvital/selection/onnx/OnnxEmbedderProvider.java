package org.biomedvital.selection.onnx;

import java.util.Set;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides {@link OnnxImageTextEmbedder} as {@code onnx}; setting {@code path} (required). */
public final class OnnxEmbedderProvider implements EmbedderProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("path");
  }

  @Override
  public String name() {
    return "onnx";
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return OnnxImageTextEmbedder.load(settings.pathValue("path").orElseThrow(() ->
        new IllegalArgumentException("setting 'path' is required: the folder holding text.onnx,"
            + " tokenizer.json and optionally image.onnx")));
  }

  @Override
  public String description() {
    return "image+text ONNX embedder (BiomedCLIP export) from a folder; setting path";
  }
}
