package org.biomedvital.testing;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.Embedder;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Provides {@link HashingTestEmbedder}s under the name {@code hashing-test} (setting {@code
 * dimensions}, default 64). Registered in the core test-jar's {@code META-INF/services}.
 */
public final class HashingTestEmbedderProvider extends DeclaredProvider<Embedder>
    implements EmbedderProvider {
  /** For the service loader. */
  public HashingTestEmbedderProvider() {
    super("hashing-test", Set.of("dimensions"));
  }

  @Override
  public Embedder create(ProviderSettings settings) {
    return new HashingTestEmbedder(
        settings.intValue("dimensions", HashingTestEmbedder.DEFAULT_DIMENSIONS));
  }
}
