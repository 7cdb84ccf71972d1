package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.biomedvital.TuningFailedException;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaLaunchRenderer;
import org.biomedvital.tuning.llava.LlavaMedRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SlurmLaunchTargetTest {
  @TempDir Path dir;

  private Path fakeBin() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String n : List.of("sbatch", "squeue", "sacct", "scancel", "srun", "scontrol")) {
      try (InputStream in = getClass().getResourceAsStream("/fake-slurm/" + n)) {
        Files.copy(in, bin.resolve(n));
      }
      Files.setPosixFilePermissions(bin.resolve(n), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createDirectories(dir.resolve("state"));
    return bin;
  }

  private SlurmLaunchTarget fakeCluster() throws Exception {
    return SlurmLaunchTarget.builder().binDir(fakeBin())
        .environment("FAKE_SLURM_STATE", dir.resolve("state").toString())
        .pollInterval(Duration.ofMillis(100)).build();
  }

  private LaunchSpec trainSpec(String... extra) throws Exception {
    assumeTrue(PythonTorch.python().isPresent(), PythonTorch.SKIP);
    Path script = PythonTorch.script(dir);
    List<String> cmd = new ArrayList<>(List.of(PythonTorch.python().get(), script.toString(),
        "--output_dir", dir.resolve("out").toString(), "--logging_steps", "2", "--save_steps",
        "5"));
    cmd.addAll(List.of(extra));
    return new LaunchSpec("tiny-slurm", cmd, Map.of("PYTHONUNBUFFERED", "1"), dir,
        dir.resolve("logs/slurm.log"), 1, 0);
  }

  @Test
  void rendersOneTaskPerNodeWithGpusMasterAddressAndRendezvous() {
    LlavaMedRecipe recipe = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).nodes(2)
        .gpusPerNode(8).perDeviceBatchSize(1).build();
    TuningJob job = TuningJob.builder().data(Path.of("/d/t.json")).imageFolder(Path.of("/d/i"))
        .outputDir(Path.of("/runs/x")).baseModel("/m").build();
    LaunchSpec spec = new LlavaLaunchRenderer(recipe, Path.of("/code"))
        .render(job, LauncherKind.SLURM).toSpec("vital-s2", Path.of("/runs/x/train.log"), 2, 8);

    String script = SlurmLaunchTarget.builder().partition("gpu").account("lab")
        .timeLimit("48:00:00").cpusPerTask(32).directive("--exclusive").build()
        .renderScript(spec);

    assertThat(script).startsWith("#!/bin/bash\n#SBATCH --job-name=vital-s2\n#SBATCH --nodes=2\n"
        + "#SBATCH --ntasks-per-node=1\n#SBATCH --gres=gpu:8\n#SBATCH --cpus-per-task=32\n"
        + "#SBATCH --partition=gpu\n#SBATCH --account=lab\n#SBATCH --time=48:00:00\n"
        + "#SBATCH --output=/runs/x/train.log\n#SBATCH --open-mode=append\n#SBATCH --exclusive\n")
        .contains("export MASTER_PORT=25001\n")
        .contains("export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)")
        .contains("cd /code\nsrun --kill-on-bad-exit=1 --ntasks-per-node=1 bash -c "
            + "'exec \"$0\" \"$@\" 2>&1' torchrun "
            + "\"--nnodes=$SLURM_NNODES\" --nproc_per_node=8 \"--rdzv_id=$SLURM_JOB_ID\" "
            + "--rdzv_backend=c10d \"--rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT\" "
            + "llava/train/train_mem.py --model_name_or_path /m ")
        .contains("--gradient_accumulation_steps 8 ");
  }

  @Test
  void neverWritesSecretValuesIntoTheScript() {
    LaunchSpec spec = new LaunchSpec("s", List.of("python", "train.py"),
        Map.of("WANDB_API_KEY", "sk-very-secret", "HF_HOME", "/cache"), Path.of("/w"),
        Path.of("/w/log"), 1, 0);

    String script = SlurmLaunchTarget.builder().build().renderScript(spec);

    assertThat(script).doesNotContain("sk-very-secret").contains("export HF_HOME=/cache\n")
        .contains("export WANDB_API_KEY=\"${WANDB_API_KEY:?set WANDB_API_KEY in the environment "
            + "you submit from}\"");
  }

  @Test
  void submitsMonitorsAndSeesTheJobFinish() throws Exception {
    RecordingListener rec = new RecordingListener();
    LaunchedJob job = fakeCluster().launch(trainSpec("--max_steps", "10"));

    TuningResult result = job.await(rec);

    assertThat(job.id()).isEqualTo("1001");
    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(job.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.lines).anySatisfy(l -> assertThat(l)
        .isEqualTo("biomed-vital: job 1001 on 1 node(s), master localhost:29500"));
    assertThat(rec.progress).extracting(p -> p.step()).containsExactly(2L, 4L, 6L, 8L, 10L);
    assertThat(rec.checkpoints).extracting(p -> p.getFileName().toString())
        .containsExactly("checkpoint-5", "checkpoint-10");
    assertThat(result.metrics()).containsKey("train_loss");
    assertThat(dir.resolve("logs/tiny-slurm.sbatch")).exists();
  }

  @Test
  void aFailedJobBecomesTuningFailedExceptionWithItsExitCodeAndLogTail() throws Exception {
    LaunchedJob job = fakeCluster().launch(trainSpec("--max_steps", "10", "--fail_at_step", "3"));

    assertThatThrownBy(() -> job.await(TuningListener.NONE))
        .isInstanceOfSatisfying(TuningFailedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(3);
          assertThat(e.getMessage()).startsWith("tiny-slurm (SLURM job 1001, FAILED) exited with "
              + "code 3 after");
          assertThat(e.logTail()).contains("RuntimeError: CUDA out of memory (simulated at step 3)");
        });
  }

  @Test
  void cancelCallsScancelAndEndsCancelled() throws Exception {
    RecordingListener rec = new RecordingListener();
    LaunchedJob job = fakeCluster().launch(trainSpec("--max_steps", "500", "--sleep", "0.05"));
    CompletableFuture<TuningResult> result = CompletableFuture.supplyAsync(() -> job.await(rec));

    assertThat(rec.firstProgress.await(60, TimeUnit.SECONDS)).isTrue();
    job.cancel();

    assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(Files.readString(dir.resolve("state/1001.final"))).startsWith("CANCELLED");
  }

  @Test
  void aRejectedSubmissionSaysWhy() throws Exception {
    SlurmLaunchTarget target = fakeCluster().toBuilder().partition("reject").build();
    LaunchSpec spec = new LaunchSpec("x", List.of("true"), Map.of(), dir, dir.resolve("x.log"),
        1, 0);

    assertThatThrownBy(() -> target.launch(spec)).isInstanceOf(TuningFailedException.class)
        .hasMessageContaining("sbatch rejected")
        .hasMessageContaining("invalid partition specified: reject")
        .hasMessageContaining("check the partition");
  }

  @ParameterizedTest
  @CsvSource({"PENDING, PENDING", "COMPLETING, RUNNING", "CANCELLED by 1000, CANCELLED",
      "OUT_OF_MEMORY, FAILED", "TIMEOUT, FAILED"})
  void mapsSlurmStates(String slurmState, TuningStatus status) {
    assertThat(SlurmLaunchTarget.map(slurmState)).isEqualTo(status);
  }

  @Test
  void toBuilderKeepsEverySettingAndDirectivesMayNotFightTheSetters() {
    SlurmLaunchTarget t = SlurmLaunchTarget.builder().partition("gpu").account("lab")
        .timeLimit("48:00:00").cpusPerTask(32).directive("--exclusive").masterPort(29600)
        .binDir(Path.of("/opt/slurm/bin")).environment("SLURM_CONF", "/etc/slurm.conf")
        .pollInterval(Duration.ofSeconds(3)).build();
    LaunchSpec spec = new LaunchSpec("s", List.of("torchrun", "train.py"), Map.of(),
        Path.of("/code"), Path.of("/runs/s/train.log"), 1, 8);

    assertThat(t.toBuilder().build().renderScript(spec)).isEqualTo(t.renderScript(spec));
    assertThat(t.toBuilder().partition("cpu").build().renderScript(spec))
        .contains("#SBATCH --partition=cpu").doesNotContain("--partition=gpu");
    assertThatThrownBy(() -> SlurmLaunchTarget.builder().timeLimit("1:00:00")
        .directive("--time=2:00:00").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("directive '--time=2:00:00' conflicts with the batch script's own --time; "
            + "call timeLimit(...)");
    assertThatThrownBy(() -> SlurmLaunchTarget.builder().directive("--output /tmp/x").build())
        .hasMessageContaining("the output is the launch spec's log file");
  }
}
