package org.biomedvital.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real fixtures of {@code ../shared/data} (system property {@code vital.shared.dir},
 * set by surefire, else {@code ../shared} or {@code ../../shared} from the working directory) and
 * skips the calling test with a clear message when they are absent.
 */
public final class SharedData {
  private SharedData() {}

  /** The {@code shared/data} folder; skips the test when it is absent. */
  public static Path dir() {
    String prop = System.getProperty("vital.shared.dir");
    Path[] candidates = {
      prop == null ? null : Path.of(prop, "data"), Path.of("../shared/data"), Path.of("../../shared/data")
    };
    for (Path p : candidates) {
      if (p != null && Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    assumeTrue(false, "needs the real fixtures in ../shared/data (set -Dvital.shared.dir); skipped");
    throw new AssertionError("unreachable");
  }

  /** A file of {@code shared/data}; skips the test when it is absent. */
  public static Path file(String name) {
    Path p = dir().resolve(name);
    assumeTrue(Files.isRegularFile(p), "needs the real fixture " + p + "; skipped");
    return p;
  }

  /** The 58 clinician demonstrations (JSONL). */
  public static Path demonstrations() {
    return file("clinician-demonstrations.jsonl");
  }

  /** The LLaVA-Med QA50 questions (JSONL). */
  public static Path qa50() {
    return file("llava_med_eval_qa50_qa.jsonl");
  }

  /** One of the five real images, e.g. {@code bio_patch.png}. */
  public static Path image(String name) {
    return file("images/" + name);
  }
}
