package org.biomedvital.selection.onnx;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Provides {@link MiniLmEmbedder} as {@code minilm}; settings {@code variant} ({@code fp32}, the
 * default, or {@code int8}), {@code max-tokens} (256), {@code batch-size} (32 for fp32, 1 for int8),
 * {@code threads} (half the processors, 1 to 4).
 */
public final class MiniLmEmbedderProvider extends DeclaredProvider<Embedder>
    implements EmbedderProvider {
  /** Does nothing; {@link #create} builds the embedder. */
  public MiniLmEmbedderProvider() {
    super("minilm", Set.of("variant", "max-tokens", "batch-size", "threads"),
        "all-MiniLM-L6-v2 ONNX text embedder (384-d); settings variant (fp32|int8), max-tokens (256),"
        + " batch-size (32 fp32, 1 int8), threads");
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    MiniLmEmbedder.Builder b = MiniLmEmbedder.builder()
        .variant(MiniLmEmbedder.Variant.parse(settings.get("variant").orElse("fp32")))
        .maxTokens(settings.intValue("max-tokens", MiniLmEmbedder.DEFAULT_MAX_TOKENS))
        .threads(settings.intValue("threads", MiniLmEmbedder.defaultThreads()));
    if (settings.get("batch-size").isPresent()) {
      b.batchSize(settings.intValue("batch-size", MiniLmEmbedder.DEFAULT_BATCH_SIZE));
    }
    return b.build();
  }
}
