package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void positiveDurationPassesThrough() {
    Duration d = Duration.ofMillis(1);
    assertThat(Checks.positive(d, "timeout")).isSameAs(d);
  }

  @Test
  void positiveDurationRejectsZeroNegativeAndNullNamingTheSetting() {
    assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "readTimeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be > 0 but was PT0S");
    assertThatThrownBy(() -> Checks.positive(Duration.ofSeconds(-1), "callTimeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout must be > 0 but was PT-1S");
    assertThatThrownBy(() -> Checks.positive((Duration) null, "timeout"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout == null");
  }
}
