package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitSettingTest {
  private static final String PROPERTY = "biomedvital.test.limitSetting";
  private static final String UNSET_ENV = "BIOMEDVITAL_TEST_LIMIT_SETTING_UNSET";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void isEmptyWhenNeitherPropertyNorEnvironmentIsSet() {
    assertThat(LimitSetting.positive(PROPERTY, UNSET_ENV, 10, "bytes")).isEmpty();
  }

  @Test
  void readsTheTrimmedPropertyUpToTheMaximum() {
    System.setProperty(PROPERTY, " 10 ");

    assertThat(LimitSetting.positive(PROPERTY, UNSET_ENV, 10, "bytes")).hasValue(10);
  }

  @Test
  void rejectsValuesOutOfRangeNamingWhereTheyCameFrom() {
    System.setProperty(PROPERTY, "11");

    assertThatThrownBy(() -> LimitSetting.positive(PROPERTY, UNSET_ENV, 10, "bytes (at most 10)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-D" + PROPERTY + " must be a positive number of bytes (at most 10) but is '11'");
    System.setProperty(PROPERTY, "x");
    assertThatThrownBy(() -> LimitSetting.positive(PROPERTY, UNSET_ENV, 10, "pixels"))
        .hasMessage("-D" + PROPERTY + " must be a positive number of pixels but is 'x'");
  }
}
