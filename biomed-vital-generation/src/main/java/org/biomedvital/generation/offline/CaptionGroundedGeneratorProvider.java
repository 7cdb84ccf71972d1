package org.biomedvital.generation.offline;

import java.util.Set;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.spi.InstructionGeneratorProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * Provider {@code caption-grounded}: the offline generator. Setting {@code image-token}
 * ({@code true}/{@code false}, default true) switches the {@code <image>} token placement.
 */
public final class CaptionGroundedGeneratorProvider implements InstructionGeneratorProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("image-token");
  }

  @Override
  public String name() {
    return CaptionGroundedGenerator.NAME;
  }

  @Override
  public InstructionGenerator create(ProviderSettings settings) {
    boolean token = settings.booleanValue("image-token", true);
    return new CaptionGroundedGenerator(new PostProcessing(true, true, token));
  }

  @Override
  public String description() {
    return "offline, deterministic conversations from caption, mentions and domain flags;"
        + " settings: image-token";
  }
}
