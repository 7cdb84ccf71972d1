package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library picks no PyTorch natives; without them the scorer builds (build() loads nothing) and
 * its first use names the artifacts to add.
 */
final class MissingNativesTest {
  @TempDir Path emptyCache;

  /** Run in a child JVM whose class path lacks the natives. */
  public static void main(String[] args) {
    try (MlpScorer s = MlpScorer.builder().embedder(HashingEmbedder.create(8)).build()) {
      // build() loads nothing; the engine is needed on first use
      System.out.println("built " + s);
      System.out.println("device " + s.device());
    } catch (RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
    }
  }

  @Test
  void withoutPytorchNativesTheErrorNamesTheArtifacts() throws Exception {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("pytorch-native") && !e.contains("pytorch-jni"))
        .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", cp, MissingNativesTest.class.getName()).redirectErrorStream(true);
    pb.environment().put("DJL_CACHE_DIR", emptyCache.toString());
    pb.environment().put("ENGINE_CACHE_DIR", emptyCache.toString());
    pb.environment().remove("PYTORCH_LIBRARY_PATH");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(out).contains("built MlpScorer{").doesNotContain("device ")
        .contains("failed: the scorer runs on DJL PyTorch")
        .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1").contains("ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0");
  }
}
