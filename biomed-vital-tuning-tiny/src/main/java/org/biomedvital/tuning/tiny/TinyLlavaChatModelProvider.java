package org.biomedvital.tuning.tiny;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/** Provides a trained tiny model as {@code tiny-llava}; setting {@code checkpoint} (a folder) is required. */
public final class TinyLlavaChatModelProvider extends DeclaredProvider<VisionChatModel>
    implements VisionChatModelProvider {
  /** For the service loader. */
  public TinyLlavaChatModelProvider() {
    super("tiny-llava", Set.of("checkpoint"));
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    return TinyLlavaChatModel.load(settings.pathValue("checkpoint").orElseThrow(
        () -> new IllegalArgumentException("setting 'checkpoint' is required: the folder a "
            + "tiny tuning run wrote (e.g. out/stage2)")));
  }


  @Override
  public String description() {
    return "the in-JVM tiny LLaVA-style model from a checkpoint folder (setting: checkpoint)";
  }
}
