package org.biomedvital.selection.embed;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides {@link HashingEmbedder} as {@code hashing}; setting {@code dimension}. */
public final class HashingEmbedderProvider extends DeclaredProvider<Embedder>
    implements EmbedderProvider {
  /** Does nothing; {@link #create} builds the embedder. */
  public HashingEmbedderProvider() {
    super("hashing", Set.of("dimension"),
        "deterministic word-hashing embedder, no model; setting dimension (256)");
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return HashingEmbedder.create(settings.intValue("dimension", HashingEmbedder.DEFAULT_DIMENSION));
  }
}
