package org.biomedvital.tuning.tiny;

import ai.djl.engine.Engine;
import java.util.function.Supplier;

/**
 * Loads DJL's PyTorch engine, whose natives the application chooses: this module brings only the
 * engine API. When they are missing the error names the artifacts to add.
 */
final class PyTorchNatives {
  /** What to add for the common platforms (versions from the DJL BOM 0.36.0). */
  static final String HOW_TO_ADD = "add the PyTorch natives for your platform to the application: "
      + "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 plus ai.djl.pytorch:pytorch-native-cpu:2.7.1 with "
      + "classifier linux-x86_64 (or linux-aarch64, osx-aarch64, win-x86_64), or "
      + "pytorch-native-cu124 for CUDA; or allow DJL to download them (unset ai.djl.offline); "
      + "see docs/tuning.md \"PyTorch natives\"";

  private PyTorchNatives() {}

  /** The PyTorch engine. @throws IllegalStateException naming the artifacts when it cannot load */
  static Engine engine() {
    return load(() -> Engine.getEngine("PyTorch"));
  }

  /** Runs {@code loader}, turning an engine-loading failure into one that says what to add. */
  static <T> T load(Supplier<T> loader) {
    try {
      return loader.get();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("cannot load the PyTorch engine (" + e + "); "
          + HOW_TO_ADD, e);
    }
  }
}
