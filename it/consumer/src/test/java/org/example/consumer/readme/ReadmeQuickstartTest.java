package org.example.consumer.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReadmeQuickstartTest {
  @TempDir Path dir;

  @Test
  void theReadmeQuickstartRunsEveryStageAgainstTheInstalledArtifacts() {
    List<String> ran = ReadmeQuickstart.run(dir);

    assertThat(ran).contains("generate", "train", "select", "tune", "evaluate", "report");
    assertThat(dir.resolve("run/selected.json")).isRegularFile();
    assertThat(dir.resolve("run/report/index.html")).isRegularFile();
    assertThat(Files.exists(dir.resolve("run/run-manifest.json"))).isTrue();
  }
}
