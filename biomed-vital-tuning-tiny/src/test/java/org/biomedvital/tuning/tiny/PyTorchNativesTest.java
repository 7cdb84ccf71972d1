package org.biomedvital.tuning.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

final class PyTorchNativesTest {
  @Test
  void aMissingNativeLibraryNamesTheArtifactsToAdd() {
    assertThatThrownBy(() -> PyTorchNatives.load(() -> {
      throw new EngineException("Failed to load PyTorch native library");
    })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Failed to load PyTorch native library")
        .hasMessageContaining("ai.djl.pytorch:pytorch-native-cpu:2.7.1 with classifier "
            + "linux-x86_64")
        .hasMessageContaining("ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0");
    assertThatThrownBy(() -> PyTorchNatives.load(() -> {
      throw new UnsatisfiedLinkError("libtorch.so: cannot open shared object file");
    })).hasMessageContaining("libtorch.so").hasMessageContaining("pytorch-native-cpu");
  }

  @Test
  void loadsTheEngineWhenTheNativesArePresent() {
    assertThat(PyTorchNatives.engine().getEngineName()).isEqualTo("PyTorch");
  }
}
