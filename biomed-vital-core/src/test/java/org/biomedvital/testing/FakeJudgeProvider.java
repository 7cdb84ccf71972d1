package org.biomedvital.testing;

import java.util.Locale;
import java.util.Set;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.VisionChatModelProvider;

/**
 * A judge for command-line tests: scores "8 6" in open visual chat, and in pairwise judging prefers
 * the assistant whose answer contains "good"; answers a one-message request itself. Remembers the
 * last settings it was created with. Not registered in this test-jar; list it in a module's test
 * {@code META-INF/services/org.biomedvital.spi.VisionChatModelProvider} to use it.
 */
public final class FakeJudgeProvider implements VisionChatModelProvider {
  @Override
  public Set<String> settingKeys() {
    return Set.of("model", "base-url", "api-key", "api-key-env", "max-retries", "rpm", "tpm", "timeout", "cache-dir", "budget-usd", "budget-spent-usd");
  }

  private static volatile ProviderSettings lastSettings;

  /** The settings of the last {@link #create} call, or null before the first. */
  public static ProviderSettings lastSettings() {
    return lastSettings;
  }

  @Override
  public String name() {
    return "fake-judge";
  }

  @Override
  public VisionChatModel create(ProviderSettings settings) {
    lastSettings = settings;
    return FakeJudgeProvider::reply;
  }

  private static ChatResponse reply(ChatRequest request) {
    if (request.messages().size() == 1) {
      return ChatResponse.of("fake answer with " + request.messages().get(0).images().size()
          + " image(s)");
    }
    String system = request.messages().get(0).text();
    String user = request.messages().get(1).text();
    if (!system.contains("[[A]]")) {
      return ChatResponse.of("8 6\nAssistant 1 is more precise.");
    }
    int start = user.indexOf("[Assistant A]\n") + "[Assistant A]\n".length();
    String a = user.substring(start, user.indexOf("\n\n[End of Assistant A]"));
    return ChatResponse.of(a.toLowerCase(Locale.ROOT).contains("good") ? "[[A]]" : "[[B]]");
  }
}
