package org.biomedvital.selection.embed;

import java.util.Set;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides {@link HashingEmbedder} as {@code hashing}; setting {@code dimension}. */
public final class HashingEmbedderProvider implements EmbedderProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("dimension");
  }

  @Override
  public String name() {
    return "hashing";
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return HashingEmbedder.create(settings.intValue("dimension", HashingEmbedder.DEFAULT_DIMENSION));
  }

  @Override
  public String description() {
    return "deterministic word-hashing embedder, no model; setting dimension (256)";
  }
}
