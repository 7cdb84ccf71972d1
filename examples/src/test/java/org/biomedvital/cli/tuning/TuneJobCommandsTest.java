package org.biomedvital.cli.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.biomedvital.cli.Main;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.SlurmLaunchTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TuneJobCommandsTest {
  @TempDir Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void badOptionsExitTwoAndAMissingRecordExitsOne() {
    assertThat(run("tune", "status")).isEqualTo(2);
    assertThat(err.toString()).contains("give a job ID or --run DIR");
    assertThat(run("tune", "attach", "12", "--poll", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("--poll must be a positive duration");
    assertThat(run("tune", "cancel", "12", "--target", "local")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown target 'local'");
    assertThat(run("tune", "status", "--run", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("job.json").contains("no submitted job recorded here");
  }

  @Test
  void anUnknownSlurmJobExitsOneSayingWhy() {
    assertThat(run("tune", "status", "999999999", "--target", "slurm")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ");
  }

  /** Status, cancel and attach from the command line against a live cluster (CI starts one). */
  @Test
  void statusCancelAndAttachWorkOnARealClusterByRunFolder() throws Exception {
    String why = clusterMissing();
    if (why != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true but no SLURM cluster is up (" + why + "); .ci/run starts one");
    }
    assumeTrue(why == null, why);
    Path runDir = Files.createDirectories(dir.resolve("run"));
    LaunchSpec spec = new LaunchSpec("cli-job", List.of("/usr/bin/python3", "-u", "-c",
        "import time\nfor i in range(600):\n    print({'loss': 1.0, 'learning_rate': 0.1, "
            + "'epoch': i / 600})\n    time.sleep(0.2)\n"), Map.of(), runDir,
        runDir.resolve("train.log"), 1, 0);
    ClusterJob job = SlurmLaunchTarget.builder().pollInterval(Duration.ofMillis(500)).build()
        .launch(spec);
    job.record().write(runDir);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      assertThat(run("tune", "status", "--run", runDir.toString())).isZero();
    } while (!out.toString().contains("RUNNING") && System.nanoTime() < deadline);
    assertThat(out.toString()).startsWith("slurm job " + job.id() + " RUNNING")
        .contains("queued ").contains("ran ");

    assertThat(run("tune", "cancel", "--run", runDir.toString())).isZero();
    assertThat(out.toString()).contains("cancelled slurm job " + job.id());

    assertThat(run("tune", "attach", "--run", runDir.toString(), "--poll", "500ms"))
        .isEqualTo(1);
    assertThat(out.toString()).contains("attached to slurm job " + job.id())
        .contains("finished: CANCELLED");
    assertThat(err.toString()).contains("cancelled").contains("--resume");
    assertThat(run("tune", "status", job.id(), "--target", "slurm")).isEqualTo(1);
    assertThat(out.toString()).contains(" CANCELLED").contains("--resume");
  }

  private static String clusterMissing() {
    try {
      Process p = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
      String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && o.contains("is UP") ? null
          : "no SLURM controller is UP: " + o.trim();
    } catch (Exception e) {
      return "no SLURM client: " + e.getMessage();
    }
  }
}
