package org.biomedvital.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.biomedvital.ProviderNotFoundException;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.Selector;
import org.biomedvital.testing.HashingTestEmbedder;
import org.biomedvital.testing.HashingTestEmbedderProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProvidersTest {
  @TempDir Path tmp;

  @Test
  void findsACustomProviderRegisteredInMetaInfServicesByName() {
    Embedder e = Providers.embedder("hashing-test", ProviderSettings.of("dimensions", "16"));

    assertThat(e).isInstanceOf(HashingTestEmbedder.class);
    assertThat(e.embed(EmbeddingInput.text("chest x-ray"))).hasSize(16);
    assertThat(Providers.available(EmbedderProvider.class))
        .containsKey("hashing-test")
        .hasValueSatisfying(new org.assertj.core.api.Condition<>(
            p -> p instanceof HashingTestEmbedderProvider, "the test provider"));
  }

  @Test
  void createsTheFakeChatModelWithItsSettings() {
    VisionChatModel m = Providers.visionChatModel("fake", ProviderSettings.of("reply", "hello"));

    assertThat(m.chat("hi").text()).isEqualTo("hello");
  }

  @Test
  void anUnknownNameListsTheAvailableProviders() {
    assertThatThrownBy(() -> Providers.embedder("minilm", ProviderSettings.EMPTY))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageStartingWith("No EmbedderProvider named 'minilm'. Available:\n"
            + "   * hashing-test (org.biomedvital.testing.HashingTestEmbedderProvider)")
        .hasMessageEndingWith("to the class path or pick an available name.");
  }

  @Test
  void aKindWithNoProvidersSaysNoneAreAvailable() {
    assertThatThrownBy(() -> Providers.tuningRunner("llava-med", ProviderSettings.EMPTY))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("No TuningRunnerProvider named 'llava-med'. Available:\n   (none)");
  }

  @Test
  void theOnlyProviderIsChosenWhenNoneIsNamed() {
    assertThat(Providers.find(EmbedderProvider.class, null)).isInstanceOf(HashingTestEmbedderProvider.class);
  }

  @Test
  void aSystemPropertyPicksTheProviderWhenNoneIsNamed() {
    System.setProperty("biomedvital.embedder", "nope");
    try {
      assertThatThrownBy(() -> Providers.find(EmbedderProvider.class, null))
          .hasMessageStartingWith("No EmbedderProvider named 'nope'.");
    } finally {
      System.clearProperty("biomedvital.embedder");
    }
  }

  @Test
  void twoProvidersWithOneNameAreAnErrorNamingBothClasses() throws Exception {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(services.resolve(SelectorProvider.class.getName()),
        DuplicateA.class.getName() + "\n" + DuplicateB.class.getName() + "\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);

      assertThatThrownBy(() -> Providers.available(SelectorProvider.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("two SelectorProviders are named 'top': "
              + DuplicateA.class.getName() + " and " + DuplicateB.class.getName()
              + "; remove one from the class path");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void describeListsEveryKind() {
    String d = Providers.describe();

    assertThat(d).contains("EmbedderProvider:\n   * hashing-test (")
        .contains("VisionChatModelProvider:\n   * fake (")
        .contains("LaunchTargetProvider:\n   (none)");
  }

  @Test
  void settingsMaskSecretsAndNameBadKeys() {
    ProviderSettings s = ProviderSettings.of("api-key", "sk-1234567890abcdef", "timeout", "30s",
        "retries", "x");

    assertThat(s.toString()).doesNotContain("sk-1234567890").contains("****cdef");
    assertThat(s.durationValue("timeout", null)).hasSeconds(30);
    assertThatThrownBy(() -> s.intValue("retries", 1))
        .hasMessage("setting 'retries' must be an integer but was 'x'");
    assertThatThrownBy(() -> s.require("model"))
        .hasMessage("setting 'model' is required but missing; set it");
  }

  /**
   * A selector provider named "top" for the duplicate-name test; two subclasses register the same
   * name from different classes. Not registered globally.
   */
  abstract static class NamedTop implements SelectorProvider {
    @Override
    public Set<String> settingKeys() {
      return Set.of();
    }

    @Override
    public String name() {
      return "top";
    }

    @Override
    public Selector create(ProviderSettings settings) {
      return scored -> java.util.List.of();
    }
  }

  /** The first selector provider of the duplicate-name test. */
  public static final class DuplicateA extends NamedTop {}

  /** The second selector provider of the duplicate-name test. */
  public static final class DuplicateB extends NamedTop {}
}
