package org.biomedvital.tuning.tiny;

import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.TuningRunnerProvider;
import org.biomedvital.tuning.TuningRunner;

/**
 * Provides the in-JVM {@link TinyLlavaTuningRunner} as {@code tiny}; every setting is a default
 * for the job parameter of the same name ({@code steps}, {@code batch_size}, ...).
 */
public final class TinyLlavaTuningRunnerProvider implements TuningRunnerProvider {
  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public TuningRunner create(ProviderSettings settings) {
    return new TinyLlavaTuningRunner(settings);
  }

  @Override
  public String description() {
    return "in-JVM tiny LLaVA-style model trained with DJL PyTorch on CPU (settings: steps, "
        + "batch_size, learning_rate, seed, ...)";
  }
}
