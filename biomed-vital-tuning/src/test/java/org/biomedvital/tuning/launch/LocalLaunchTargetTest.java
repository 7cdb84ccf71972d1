package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaLaunchRenderer;
import org.biomedvital.tuning.llava.LlavaMedRecipe;
import org.biomedvital.tuning.llava.RenderedLaunch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LocalLaunchTargetTest {
  @TempDir Path dir;
  Path script;
  String python;

  @BeforeEach
  void python() throws Exception {
    assumeTrue(PythonTorch.python().isPresent(), PythonTorch.SKIP);
    python = PythonTorch.python().get();
    script = PythonTorch.script(dir);
  }

  private LaunchSpec spec(String... extra) {
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--output_dir",
        dir.resolve("out").toString(), "--per_device_train_batch_size", "4",
        "--gradient_accumulation_steps", "2", "--logging_steps", "2", "--save_steps", "5"));
    cmd.addAll(List.of(extra));
    return new LaunchSpec("tiny-train", cmd, Map.of("PYTHONUNBUFFERED", "1"), dir,
        dir.resolve("out/train.log"), 1, 1);
  }

  @Test
  void runsARealTrainingProcessToCompletionWithProgressAndCheckpoints() throws Exception {
    RecordingListener rec = new RecordingListener();
    LaunchedJob job = new LocalLaunchTarget().launch(spec("--max_steps", "12"));

    TuningResult result = job.await(rec);

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(job.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.finished).isEqualTo(result);
    assertThat(rec.progress).hasSize(6);
    assertThat(rec.progress.get(5).step()).isEqualTo(12);
    assertThat(rec.progress.get(5).maxSteps()).isEqualTo(12);
    assertThat(rec.progress.get(5).epoch()).isEqualTo(3.0);
    assertThat(rec.progress.get(5).samplesPerSecond()).isPositive();
    assertThat(rec.progress.get(5).loss()).isLessThan(rec.progress.get(0).loss());
    assertThat(rec.checkpoints).extracting(p -> p.getFileName().toString())
        .containsExactly("checkpoint-5", "checkpoint-10");
    assertThat(result.metrics()).containsKeys("train_loss", "train_runtime");
    assertThat(Files.readAllLines(dir.resolve("out/train.log"))).containsAll(rec.lines);
  }

  @Test
  void aNonZeroExitBecomesTuningFailedExceptionWithTheLogTail() {
    LaunchedJob job = new LocalLaunchTarget().launch(spec("--max_steps", "12", "--fail_at_step",
        "4"));

    assertThatThrownBy(() -> job.await(TuningListener.NONE))
        .isInstanceOfSatisfying(TuningFailedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(3);
          assertThat(e.logTail()).last().asString()
              .isEqualTo("RuntimeError: CUDA out of memory (simulated at step 4)");
          assertThat(e.getMessage()).startsWith("tiny-train exited with code 3 after 00:00:")
              .contains("last " + e.logTail().size() + " log lines:")
              .contains("Traceback (most recent call last):");
        });
    assertThat(job.status()).isEqualTo(TuningStatus.FAILED);
  }

  @Test
  void cancelStopsTheProcessAndEndsCancelled() throws Exception {
    RecordingListener rec = new RecordingListener();
    LaunchedJob job = new LocalLaunchTarget().launch(spec("--max_steps", "500", "--sleep",
        "0.05"));
    CompletableFuture<TuningResult> result = CompletableFuture.supplyAsync(() -> job.await(rec));

    assertThat(rec.firstProgress.await(60, TimeUnit.SECONDS)).isTrue();
    job.cancel();

    assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(job.status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(rec.progress.get(rec.progress.size() - 1).step()).isLessThan(500);
  }

  @Test
  void runsTheRenderedTorchrunCommandAndResumesFromTheLatestCheckpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LlavaMedRecipe recipe = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).gpusPerNode(1)
        .perDeviceBatchSize(4).globalBatchSize(8).saveSteps(5).masterPort(port)
        .trainScript(script.toString()).extraArgument("max_steps", "7").build();
    TuningJob job = TuningJob.builder().data(dir.resolve("train.json"))
        .imageFolder(dir).outputDir(dir.resolve("run")).baseModel("/models/none").build();
    RenderedLaunch launch = new LlavaLaunchRenderer(recipe, dir).render(job, LauncherKind.LOCAL);
    assertThat(launch.command().get(0)).isEqualTo("torchrun");

    RecordingListener first = new RecordingListener();
    TuningResult r1 = new LocalLaunchTarget().launch(spec(launch, "log1.txt")).await(first);
    LlavaMedRecipe longer = recipe.toBuilder().extraArgument("max_steps", "9").build();
    RecordingListener second = new RecordingListener();
    TuningResult r2 = new LocalLaunchTarget().launch(spec(new LlavaLaunchRenderer(longer, dir)
        .render(job.toBuilder().resume(true).build(), LauncherKind.LOCAL), "log2.txt"))
        .await(second);

    assertThat(r1.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(first.progress).hasSize(7);
    assertThat(first.checkpoints).extracting(p -> p.getFileName().toString())
        .containsExactly("checkpoint-5");
    assertThat(r2.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(second.lines).anySatisfy(l -> assertThat(l).contains("Resuming from checkpoint")
        .contains("checkpoint-5"));
    assertThat(second.progress).extracting(TuningProgress::step).containsExactly(6L, 7L, 8L, 9L);
  }

  /** The rendered command; with plain python in place of torchrun where torchrun cannot run. */
  private LaunchSpec spec(RenderedLaunch launch, String log) throws Exception {
    List<String> cmd = new ArrayList<>(launch.command());
    if (PythonTorch.torchrun(dir).isEmpty()) {
      cmd = new ArrayList<>(cmd.subList(cmd.indexOf(script.toString()), cmd.size()));
      cmd.add(0, python);
    }
    return new LaunchSpec("llava-med-stage2", cmd, launch.environment(), launch.workDir(),
        dir.resolve("run/" + log), 1, 1);
  }

  @Test
  void aMissingLauncherFailsAtLaunch() {
    LaunchSpec spec = new LaunchSpec("x", List.of("/nonexistent/torchrun"), Map.of(), dir,
        dir.resolve("log"), 1, 0);

    assertThatThrownBy(() -> new LocalLaunchTarget().launch(spec))
        .isInstanceOf(TuningFailedException.class)
        .hasMessageContaining("cannot start x ('/nonexistent/torchrun')")
        .hasMessageContaining("on PATH");
  }
}
