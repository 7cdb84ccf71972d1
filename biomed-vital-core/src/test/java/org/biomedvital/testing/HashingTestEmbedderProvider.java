package org.biomedvital.testing;

import java.util.Set;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Provides {@link HashingTestEmbedder}s under the name {@code hashing-test} (setting {@code
 * dimensions}, default 64). Registered in the core test-jar's {@code META-INF/services}.
 */
public final class HashingTestEmbedderProvider implements EmbedderProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("dimensions");
  }

  @Override
  public String name() {
    return "hashing-test";
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return new HashingTestEmbedder(
        settings.intValue("dimensions", HashingTestEmbedder.DEFAULT_DIMENSIONS));
  }
}
