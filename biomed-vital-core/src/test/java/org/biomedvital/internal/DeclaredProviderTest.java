package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.biomedvital.spi.ProviderSettings;
import org.junit.jupiter.api.Test;

class DeclaredProviderTest {
  static final class Described extends DeclaredProvider<String> {
    Described(Set<String> keys) {
      super("described", keys, "a described provider; setting x");
    }

    @Override
    public String create(ProviderSettings settings) {
      return settings.get("x").orElse("none");
    }
  }

  static final class Plain extends DeclaredProvider<String> {
    Plain() {
      super("plain", Set.of());
    }

    @Override
    public String create(ProviderSettings settings) {
      return "plain";
    }
  }

  @Test
  void declaresNameKeysAndDescriptionAndCopiesTheKeys() {
    Set<String> keys = new HashSet<>(Set.of("x"));
    Described p = new Described(keys);
    keys.add("y");

    assertThat(p.name()).isEqualTo("described");
    assertThat(p.settingKeys()).containsExactly("x");
    assertThat(p.description()).isEqualTo("a described provider; setting x");
    assertThat(p.create(ProviderSettings.of("x", "1"))).isEqualTo("1");
  }

  @Test
  void withoutADescriptionItIsTheClassNameAsForAnyProvider() {
    assertThat(new Plain().description()).isEqualTo(Plain.class.getName());
    assertThat(new Plain().settingKeys()).isEmpty();
  }

  @Test
  void aBlankNameIsRefused() {
    assertThatThrownBy(() -> new DeclaredProvider<String>(" ", Set.of()) {
      @Override
      public String create(ProviderSettings settings) {
        return "";
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
  }
}
