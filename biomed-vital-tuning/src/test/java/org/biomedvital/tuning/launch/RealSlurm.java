package org.biomedvital.tuning.launch;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Gates the real-cluster tests: they run when a SLURM controller answers {@code scontrol ping}
 * with UP and a Python with torch exists; otherwise they skip with the reason, except under
 * {@code CI=true}, where they fail: CI brings the cluster up ({@code .ci/slurm-up.sh}) and must
 * not pass without having run them.
 */
final class RealSlurm {
  private RealSlurm() {}

  static void require() {
    String why = whyNot();
    if (why == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true but the real-cluster tests cannot run: " + why + ". .ci/run starts a "
          + "single-node cluster with .ci/slurm-up.sh before 'mvn verify'; see its output");
    }
    assumeTrue(false, why + " (docs/tuning.md: run .ci/slurm-up.sh as root on Debian)");
  }

  /** Why the real cluster cannot be used, or null when it can. */
  static String whyNot() {
    if (PythonTorch.python().isEmpty()) {
      return PythonTorch.SKIP;
    }
    try {
      Process p = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "'scontrol ping' did not answer within 20 s";
      }
      return p.exitValue() == 0 && out.contains("is UP") ? null
          : "no SLURM controller is UP ('scontrol ping': " + out + ")";
    } catch (Exception e) {
      return "no SLURM client ('scontrol ping' failed: " + e.getMessage() + ")";
    }
  }
}
