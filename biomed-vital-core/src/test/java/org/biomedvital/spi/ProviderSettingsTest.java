package org.biomedvital.spi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.biomedvital.selection.Selector;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

  @Test
  void unknownKeyIsRefusedWithTheAcceptedOnes() {
    ProviderSettings misspelt = ProviderSettings.of("fractoin", "0.8");

    assertThatThrownBy(() -> misspelt.checkKeys(provider(Set.of("fraction", "per-domain-quota"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider 'top' does not take setting 'fractoin'; accepted: fraction, "
            + "per-domain-quota");
  }

  @Test
  void providerWithoutSettingsSaysSo() {
    assertThatThrownBy(() -> ProviderSettings.of("x", "1").checkKeys(provider(Set.of())))
        .hasMessage("provider 'top' does not take setting 'x'; accepted: (no settings)");
  }

  @Test
  void declaredKeysPass() {
    assertThatCode(() -> ProviderSettings.of("fraction", "0.8")
        .checkKeys(provider(Set.of("fraction")))).doesNotThrowAnyException();
  }

  @Test
  void prefixEntryAcceptsKeysPassedOnButNotThePrefixAlone() {
    SelectorProvider p = provider(Set.of("judge-provider", "judge.*"));
    assertThatCode(() -> ProviderSettings.of("judge.model", "m", "judge-provider", "x")
        .checkKeys(p)).doesNotThrowAnyException();
    assertThatThrownBy(() -> ProviderSettings.of("judge.", "m").checkKeys(p))
        .hasMessageContaining("does not take setting 'judge.'");
    assertThatThrownBy(() -> ProviderSettings.of("judgemodel", "m").checkKeys(p))
        .hasMessageContaining("does not take setting 'judgemodel'");
  }

  private static SelectorProvider provider(Set<String> keys) {
    return new SelectorProvider() {
      @Override
      public String name() {
        return "top";
      }

      @Override
      public Set<String> settingKeys() {
        return keys;
      }

      @Override
      public Selector create(ProviderSettings settings) {
        throw new AssertionError("not called");
      }
    };
  }
}
