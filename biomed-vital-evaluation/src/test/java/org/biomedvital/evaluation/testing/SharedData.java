package org.biomedvital.evaluation.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real fixtures of {@code ../shared/data}; skips the calling test when absent. */
public final class SharedData {
  private SharedData() {}

  /** The path of a shared data file; skips the test with a clear message when it is missing. */
  public static Path file(String name) {
    String prop = System.getProperty("vital.shared.dir");
    Path dir = prop != null ? Path.of(prop) : Path.of("../shared");
    Path f = dir.resolve("data").resolve(name);
    if (!Files.isRegularFile(f)) {
      f = Path.of("../../shared/data").resolve(name);
    }
    assumeTrue(Files.isRegularFile(f),
        "needs the shared fixture " + name + " under ../shared/data (set -Dvital.shared.dir)");
    return f;
  }

  /** The first shared image, in name order, whose name ends with {@code suffix} ({@code ".jpg"}). */
  public static Path firstImage(String suffix) throws IOException {
    try (var files = Files.list(file("README.md").getParent().resolve("images"))) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
    }
  }

  /**
   * An image folder {@code dir/images} holding one shared JPEG under {@code name}.
   *
   * @return the folder
   */
  public static Path imageFolderWithOneJpg(Path dir, String name) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.copy(firstImage(".jpg"), images.resolve(name));
    return images;
  }

  /** The QA50 open visual chat questions. */
  public static Path qa50() {
    return file("llava_med_eval_qa50_qa.jsonl");
  }
}
