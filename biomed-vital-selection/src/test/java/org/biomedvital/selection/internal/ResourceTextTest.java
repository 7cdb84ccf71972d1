package org.biomedvital.selection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.selection.judge.Rubric;
import org.junit.jupiter.api.Test;

class ResourceTextTest {
  @Test
  void readsABundledResourceRelativeToItsAnchor() {
    assertThat(ResourceText.read(Rubric.class, Rubric.DEFAULT_RESOURCE))
        .startsWith("{").contains("\"criteria\"");
  }

  @Test
  void aMissingResourceIsNamed() {
    assertThatThrownBy(() -> ResourceText.read(Rubric.class, "no-such-rubric.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("resource no-such-rubric.json is missing from the jar");
  }
}
