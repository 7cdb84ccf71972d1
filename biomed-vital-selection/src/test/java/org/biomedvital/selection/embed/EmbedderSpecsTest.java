package org.biomedvital.selection.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.ProviderNotFoundException;
import org.junit.jupiter.api.Test;

final class EmbedderSpecsTest {
  @Test
  void hashingNeedsNoOtherModule() {
    assertThat(EmbedderSpecs.create("hashing:16").id()).isEqualTo("hashing-16");
  }

  @Test
  void onnxSpecsWithoutTheOnnxModuleNameTheArtifact() {
    // This module's tests run without biomed-vital-selection-onnx, as a judges-only user would.
    for (String spec : new String[] {"minilm", "minilm-int8", "onnx:/tmp/x"}) {
      assertThatThrownBy(() -> EmbedderSpecs.create(spec)).isInstanceOf(ProviderNotFoundException.class)
          .hasMessageContaining("org.biomedvital:biomed-vital-selection-onnx")
          .hasMessageContaining("com.microsoft.onnxruntime:onnxruntime");
    }
  }

  @Test
  void unknownSpecsListTheAcceptedOnes() {
    assertThatThrownBy(() -> EmbedderSpecs.create("bert")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minilm, minilm-int8, hashing, hashing:DIM or onnx:PATH");
  }
}
