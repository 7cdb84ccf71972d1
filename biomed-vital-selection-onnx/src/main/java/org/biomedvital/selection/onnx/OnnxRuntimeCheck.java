package org.biomedvital.selection.onnx;

import org.biomedvital.VitalException;

/** Fails early, naming the artifact to add, when ONNX Runtime is not on the class path. */
final class OnnxRuntimeCheck {
  /** What to add: ONNX Runtime is the application's choice (CPU or CUDA build). */
  static final String ARTIFACTS = "com.microsoft.onnxruntime:onnxruntime:1.21.1 (CPU; Linux x86_64/aarch64,"
      + " macOS, Windows) or com.microsoft.onnxruntime:onnxruntime_gpu:1.21.1 (CUDA)";

  private OnnxRuntimeCheck() {}

  /**
   * Checks that ONNX Runtime's Java API is present.
   *
   * @throws VitalException naming the artifact to add when it is not
   */
  static void require(String what) {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, OnnxRuntimeCheck.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new VitalException(what + " needs ONNX Runtime, which is not on the class path; add "
          + ARTIFACTS + " to your application", e);
    }
  }
}
