package org.biomedvital.generation;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared/data}; tests that need it skip with a clear message when absent. */
public final class SharedData {
  private SharedData() {}

  /** The shared data folder, or a skipped test. */
  public static Path dir() {
    String prop = System.getProperty("vital.shared.dir");
    Path base = prop != null ? Path.of(prop) : Path.of("../shared");
    Path data = base.resolve("data");
    if (!Files.isDirectory(data)) {
      data = Path.of("../../shared/data");
    }
    Assumptions.assumeTrue(Files.isDirectory(data),
        "needs the shared fixtures in ../shared/data (set -Dvital.shared.dir)");
    return data;
  }

  /** A file of the shared data folder, or a skipped test. */
  public static Path file(String name) {
    Path p = dir().resolve(name);
    Assumptions.assumeTrue(Files.exists(p), "needs the shared fixture " + p);
    return p;
  }
}
