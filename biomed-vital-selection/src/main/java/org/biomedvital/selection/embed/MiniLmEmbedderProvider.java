package org.biomedvital.selection.embed;

import java.util.Set;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides {@link MiniLmEmbedder} as {@code minilm}; settings {@code max-tokens}, {@code batch-size}. */
public final class MiniLmEmbedderProvider implements EmbedderProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("max-tokens", "batch-size");
  }

  @Override
  public String name() {
    return "minilm";
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return MiniLmEmbedder.create(settings.intValue("max-tokens", MiniLmEmbedder.DEFAULT_MAX_TOKENS),
        settings.intValue("batch-size", MiniLmEmbedder.DEFAULT_BATCH_SIZE));
  }

  @Override
  public String description() {
    return "all-MiniLM-L6-v2 int8 ONNX text embedder (384-d); settings max-tokens (256), batch-size (1)";
  }
}
