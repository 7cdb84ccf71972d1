package org.biomedvital.testing;

import java.util.Set;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * Provides {@link FakeVisionChatModel}s under the name {@code fake}: every call answers the
 * {@code reply} setting (default {@code "User: What is shown?\nAssistant: A figure."}).
 * Registered in the core test-jar's {@code META-INF/services}.
 */
public final class FakeVisionChatModelProvider implements VisionChatModelProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("reply");
  }

  /** The reply when the {@code reply} setting is absent. */
  public static final String DEFAULT_REPLY = "User: What is shown?\nAssistant: A figure.";

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    String reply = settings.get("reply").orElse(DEFAULT_REPLY);
    return FakeVisionChatModel.answering(request -> reply);
  }

  @Override
  public String description() {
    return "scripted test model; settings: reply";
  }
}
