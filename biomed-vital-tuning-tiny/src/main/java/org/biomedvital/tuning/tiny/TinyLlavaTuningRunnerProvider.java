package org.biomedvital.tuning.tiny;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.TuningRunnerProvider;
import org.biomedvital.tuning.TuningRunner;

/**
 * Provides the in-JVM {@link TinyLlavaTuningRunner} as {@code tiny}; every setting is a default
 * for the job parameter of the same name ({@code steps}, {@code batch_size}, ...). Setting {@code
 * threads} defaults to 1 here: the tiny model gains nothing from more PyTorch threads, and on a busy
 * machine two spinning threads made training up to 9x slower (process-wide setting).
 */
public final class TinyLlavaTuningRunnerProvider extends DeclaredProvider<TuningRunner>
    implements TuningRunnerProvider {
  /** For the service loader. */
  public TinyLlavaTuningRunnerProvider() {
    super("tiny",
        Set.of("steps", "batch_size", "learning_rate", "warmup_ratio", "seed", "logging_steps",
            "save_steps", "threads", "max_new_words", "vocabulary_data", "overwrite", "image_size",
            "vision_dim", "hidden_size", "layers", "heads", "max_text_tokens"));
  }

  @Override
  public TuningRunner create(ProviderSettings settings) {
    return new TinyLlavaTuningRunner(settings.get("threads").isPresent() ? settings
        : settings.with("threads", "1"));
  }


  @Override
  public String description() {
    return "in-JVM tiny LLaVA-style model trained with DJL PyTorch on CPU (settings: steps, "
        + "batch_size, learning_rate, seed, ...)";
  }
}
