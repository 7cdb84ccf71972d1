package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.spi.PreferenceJudgeProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class ModelJudgeProvidersTest {
  @Test
  void everyProviderDeclaresItsKeysAndRefusesAMisspeltOne() {
    for (String name : new String[] {"openai-compatible", "azure-openai", "anthropic"}) {
      PreferenceJudgeProvider p = Providers.find(PreferenceJudgeProvider.class, name);
      assertThat(p.settingKeys()).contains("model", "base-url", "api-key-env", "rpm", "tpm",
          "max-retries", "timeout", "cache-dir", "budget-usd", "rubric", "scope", "max-tokens");
      assertThatThrownBy(() -> Providers.preferenceJudge(name,
          ProviderSettings.of("model", "m", "rubrik", "r.json")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not take setting 'rubrik'")
          .hasMessageContaining("rubric");
    }
  }
}
