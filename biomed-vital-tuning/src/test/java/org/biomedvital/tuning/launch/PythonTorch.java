package org.biomedvital.tuning.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a Python that can {@code import torch} (Debian's python3-torch) for integration tests. */
final class PythonTorch {
  private static Optional<String> python;

  private PythonTorch() {}

  /** The first of $VITAL_PYTHON, python3, /usr/bin/python3 that imports torch. */
  static synchronized Optional<String> python() {
    if (python == null) {
      List<String> candidates = new ArrayList<>();
      String env = System.getenv("VITAL_PYTHON");
      if (env != null) {
        candidates.add(env);
      }
      candidates.add("python3");
      candidates.add("/usr/bin/python3");
      python = candidates.stream().filter(PythonTorch::importsTorch).findFirst();
    }
    return python;
  }

  private static Optional<String> torchrun;

  /**
   * A torchrun that can start one worker, if present. Debian bookworm's torchrun (torch 1.13 on
   * Python 3.11) cannot: its Std enum parsing fails, so tests fall back to plain python there.
   */
  static synchronized Optional<String> torchrun(Path dir) throws Exception {
    if (torchrun == null) {
      Path t = Path.of("/usr/bin/torchrun");
      Path hello = dir.resolve("hello.py");
      Files.writeString(hello, "print('ok')\n");
      torchrun = python().isPresent() && Files.isExecutable(t)
          && run(t.toString(), "--nnodes=1", "--nproc_per_node=1", "--master_port=0",
              hello.toString()) ? Optional.of(t.toString()) : Optional.empty();
    }
    return torchrun;
  }

  static final String SKIP = "needs a Python with PyTorch (Debian: apt-get install -y "
      + "python3-torch, or set VITAL_PYTHON); python3 -c 'import torch' failed";

  private static boolean importsTorch(String exe) {
    return run(exe, "-c", "import torch");
  }

  private static boolean run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** The test training script, copied out of the test resources. */
  static Path script(Path dir) throws Exception {
    Path s = dir.resolve("train_tiny.py");
    try (var in = PythonTorch.class.getResourceAsStream("/python/train_tiny.py")) {
      Files.copy(in, s);
    }
    return s;
  }
}
