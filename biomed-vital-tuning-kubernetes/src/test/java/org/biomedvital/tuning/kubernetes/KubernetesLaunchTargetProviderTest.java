package org.biomedvital.tuning.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;

final class KubernetesLaunchTargetProviderTest {
  @Test
  void isRegisteredAndChecksItsSettings() {
    assertThatThrownBy(() -> Providers.launchTarget("kubernetes", ProviderSettings.EMPTY))
        .hasMessageContaining("setting 'image' is required");
    assertThatThrownBy(() -> Providers.launchTarget("kubernetes",
        ProviderSettings.of("image", "x", "namspace", "ml")))
        .hasMessageContaining("namspace").hasMessageContaining("namespace");
    assertThatThrownBy(() -> Providers.launchTarget("kubernetes",
        ProviderSettings.of("image", "x", "mount-path", "/mnt")))
        .hasMessageContaining("setting 'mount-path' needs 'pvc'");
    assertThatThrownBy(() -> Providers.launchTarget("kubernetes",
        ProviderSettings.of("image", "x", "volume-root", "/mnt/vital")))
        .hasMessageContaining("no claim is mounted; call persistentVolumeClaim(...) (--pvc)");
  }
}
