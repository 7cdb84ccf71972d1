package org.biomedvital.evaluation.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

  /** The QA50 open visual chat questions. */
  public static Path qa50() {
    return file("llava_med_eval_qa50_qa.jsonl");
  }
}
