package org.biomedvital.examples.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartRecipeTest {
  @TempDir Path dir;

  @Test
  void runsTheWholeFlowAndResumesWithoutRedoingIt() {
    assertThat(QuickstartRecipe.run(dir)).containsExactly("generate", "judge", "pairs", "train",
        "score", "select", "export", "tune", "evaluate", "report");
    assertThat(dir.resolve("run/report/index.html")).exists();
    assertThat(dir.resolve("run/selected.json")).exists();

    assertThat(QuickstartRecipe.run(dir)).isEmpty();
  }
}
