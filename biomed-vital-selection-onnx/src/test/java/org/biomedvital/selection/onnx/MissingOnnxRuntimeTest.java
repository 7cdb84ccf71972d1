package org.biomedvital.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module brings no ONNX Runtime; without it the embedder builds (nothing loads in build()) and its
 * first embedding names the artifact to add.
 */
final class MissingOnnxRuntimeTest {
  /** Run in a child JVM whose class path lacks ONNX Runtime. */
  public static void main(String[] args) {
    try (MiniLmEmbedder e = MiniLmEmbedder.create()) {
      // build() loads nothing; the runtime is needed on the first embedding
      System.out.println("created " + e);
      System.out.println("embedded " + e.embed(org.biomedvital.model.EmbeddingInput.text("x")).length);
    } catch (RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
    }
  }

  @Test
  void withoutOnnxRuntimeTheErrorNamesTheArtifact() throws Exception {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("com/microsoft/onnxruntime"))
        .collect(Collectors.joining(File.pathSeparator));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", cp, MissingOnnxRuntimeTest.class.getName()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(out).contains("created MiniLmEmbedder{").doesNotContain("embedded ")
        .contains("failed: the MiniLM embedder needs ONNX Runtime, which is not on the class path")
        .contains("com.microsoft.onnxruntime:onnxruntime:1.21.1");
  }
}
