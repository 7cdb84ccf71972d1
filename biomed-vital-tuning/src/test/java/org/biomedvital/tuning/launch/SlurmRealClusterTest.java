package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.biomedvital.TuningFailedException;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaLaunchRenderer;
import org.biomedvital.tuning.llava.LlavaMedRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the SLURM target against a live single-node cluster (CI starts one with {@code
 * .ci/slurm-up.sh}): submit, follow, success, a failing job's exit code and log tail, cancel, a
 * time-limit kill, resume, attach, and a CPU-only launch the cluster accepts. The trainer is the
 * test script run by Debian's python directly (Debian's torchrun cannot start). The time-limit job
 * is submitted first and checked last: SLURM's shortest limit is one minute and its controller
 * checks limits every 30 s, so it takes 60-90 s, while the other tests run beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
final class SlurmRealClusterTest {
  @TempDir static Path dir;
  private static long classStart;
  private static CompletableFuture<Throwable> timeLimited;
  private static long timeLimitedStart;

  @BeforeAll
  static void submitTheTimeLimitedJobFirst() throws Exception {
    RealSlurm.require();
    classStart = System.nanoTime();
    SlurmLaunchTarget target = SlurmLaunchTarget.builder().pollInterval(Duration.ofMillis(500))
        .timeLimit("1").build();
    timeLimitedStart = System.nanoTime();
    ClusterJob job = target.launch(spec("timeout", "--max_steps", "1000", "--sleep", "0.5",
        "--save_steps", "5"));
    timeLimited = CompletableFuture.supplyAsync(() -> {
      try {
        job.await(TuningListener.NONE);
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
  }

  @AfterAll
  static void timings() {
    if (classStart != 0) {
      System.out.printf(Locale.ROOT, "real-cluster tests took %.1f s in all%n",
          (System.nanoTime() - classStart) / 1e9);
    }
  }

  private static SlurmLaunchTarget target() {
    return SlurmLaunchTarget.builder().pollInterval(Duration.ofMillis(500)).build();
  }

  private static LaunchSpec spec(String name, String... extra) throws Exception {
    Path work = Files.createDirectories(dir.resolve(name));
    Path script = work.resolve("train_tiny.py");
    if (!Files.exists(script)) {
      script = PythonTorch.script(work);
    }
    List<String> cmd = new ArrayList<>(List.of(PythonTorch.python().orElseThrow(),
        script.toString(), "--output_dir", work.resolve("out").toString(), "--logging_steps",
        "2", "--save_steps", "5"));
    cmd.addAll(List.of(extra));
    return new LaunchSpec("vital-" + name, cmd, Map.of("PYTHONUNBUFFERED", "1"), work,
        work.resolve("out/train.log"), 1, 0);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  @Test
  @Order(1)
  void submitsFollowsAndSucceedsThenTheJobCanBeFoundAgainById() throws Exception {
    long t0 = System.nanoTime();
    RecordingListener rec = new RecordingListener();
    ClusterJob job = target().launch(spec("ok", "--max_steps", "6"));

    TuningResult result = job.await(rec);

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.progress).extracting(p -> p.step()).containsExactly(2L, 4L, 6L);
    assertThat(rec.events).containsSubsequence("step:4", "checkpoint:checkpoint-5", "step:6");
    assertThat(rec.lines).anySatisfy(l -> assertThat(l)
        .startsWith("biomed-vital: job " + job.id() + " on 1 node(s), master "));
    assertThat(result.metrics()).containsKeys("train_loss", "run_seconds", "queued_seconds");

    JobState state = target().attach(JobRecord.ofId("slurm", job.id())).state();
    assertThat(state.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(state.clusterState()).isEqualTo("COMPLETED");
    assertThat(state.exitCode()).isZero();
    assertThat(state.ran()).isNotNull();
    assertThat(state.queued()).isNotNull();
    System.out.printf(Locale.ROOT, "real cluster: success + attach by id %.1f s%n", seconds(t0));
  }

  @Test
  @Order(2)
  void aFailingJobReportsItsExitCodeAndLogTail() throws Exception {
    long t0 = System.nanoTime();
    ClusterJob job = target().launch(spec("fail", "--max_steps", "10", "--fail_at_step", "3"));

    assertThatThrownBy(() -> job.await(TuningListener.NONE))
        .isInstanceOfSatisfying(TuningFailedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(3);
          assertThat(e.getMessage()).startsWith("vital-fail (SLURM job " + job.id()
              + ", FAILED) exited with code 3 after");
          assertThat(e.logTail())
              .contains("RuntimeError: CUDA out of memory (simulated at step 3)");
        });
    assertThat(job.state().exitCode()).isEqualTo(3);
    System.out.printf(Locale.ROOT, "real cluster: failure %.1f s%n", seconds(t0));
  }

  @Test
  @Order(3)
  void cancelEndsTheJobCancelled() throws Exception {
    long t0 = System.nanoTime();
    RecordingListener rec = new RecordingListener();
    ClusterJob job = target().launch(spec("cancel", "--max_steps", "500", "--sleep", "0.1"));
    CompletableFuture<TuningResult> result = CompletableFuture.supplyAsync(() -> job.await(rec));

    assertThat(rec.firstProgress.await(60, TimeUnit.SECONDS)).isTrue();
    job.cancel();

    assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(TuningStatus.CANCELLED);
    JobState state = job.state();
    assertThat(state.clusterState()).isEqualTo("CANCELLED");
    assertThat(state.explanation()).contains("--resume");
    System.out.printf(Locale.ROOT, "real cluster: cancel %.1f s%n", seconds(t0));
  }

  @Test
  @Order(4)
  void resumeFollowsOnlyTheNewJobsOutputThroughItsRecord() throws Exception {
    long t0 = System.nanoTime();
    LaunchSpec first = spec("resume", "--max_steps", "6");
    ClusterJob a = target().launch(first);
    assertThat(a.await(TuningListener.NONE).status()).isEqualTo(TuningStatus.SUCCEEDED);
    Path out = dir.resolve("resume/out");
    assertThat(out.resolve("checkpoint-5")).isDirectory();

    ClusterJob b = target().launch(spec("resume", "--max_steps", "10"));
    // Follow it as another process would: from the record written into the run folder.
    b.record().write(out);
    RecordingListener rec = new RecordingListener();
    TuningResult result = target().attach(JobRecord.read(out)).await(rec);

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.lines).anySatisfy(l -> assertThat(l).startsWith("Resuming from checkpoint"));
    assertThat(rec.lines).filteredOn(l -> l.startsWith("biomed-vital: job ")).singleElement()
        .satisfies(l -> assertThat(l).startsWith("biomed-vital: job " + b.id() + " "));
    assertThat(rec.progress).extracting(p -> p.step()).containsExactly(6L, 8L, 10L);
    assertThat(rec.checkpoints).extracting(p -> p.getFileName().toString())
        .containsExactly("checkpoint-10");
    assertThat(Files.readString(out.resolve("train.log"), StandardCharsets.UTF_8))
        .contains("biomed-vital: job " + a.id() + " ");
    System.out.printf(Locale.ROOT, "real cluster: run + resume %.1f s%n", seconds(t0));
  }

  @Test
  @Order(5)
  void aCpuOnlyLaunchAsksForNoGpuAndTheClusterAcceptsIt() throws Exception {
    Path work = Files.createDirectories(dir.resolve("cpu"));
    TuningJob job = TuningJob.builder().data(Path.of("train.json")).imageFolder(Path.of("img"))
        .outputDir(work.resolve("out")).baseModel("lmsys/vicuna-7b-v1.5").build();
    LaunchSpec cpu = new LlavaLaunchRenderer(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1,
        2).gpusPerNode(0).processesPerNode(2).globalBatchSize(4).perDeviceBatchSize(1).build(),
        work).render(job, LauncherKind.SLURM).toSpec("cpu", work.resolve("cpu.log"), 1, 0);
    LaunchSpec gpu = new LaunchSpec("gpu", cpu.command(), cpu.environment(), cpu.workDir(),
        cpu.logFile(), 1, 1);

    assertThat(sbatchTestOnly(work, cpu)).satisfies(r -> assertThat(r[0]).isEqualTo("0"));
    String[] rejected = sbatchTestOnly(work, gpu);
    assertThat(rejected[0]).isNotEqualTo("0");
    assertThat(rejected[1]).containsIgnoringCase("gres");
  }

  private static String[] sbatchTestOnly(Path work, LaunchSpec spec) throws Exception {
    Path script = work.resolve(spec.name() + ".sbatch");
    Files.writeString(script, target().renderScript(spec));
    Process p = new ProcessBuilder("sbatch", "--test-only", script.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String[] {Integer.toString(p.exitValue()), out};
  }

  @Test
  @Order(6)
  void aTimeLimitKillIsReportedAsTimeoutWithANonZeroExitAndTheFix() throws Exception {
    Throwable t = timeLimited.get(150, TimeUnit.SECONDS);

    assertThat(t).isInstanceOfSatisfying(TuningFailedException.class, e -> {
      assertThat(e.exitCode()).isNotZero().isEqualTo(128 + 15);
      assertThat(e.getMessage()).contains(", TIMEOUT) was killed by signal 15 (SIGTERM) (exit "
          + "code 143)").contains("time limit (00:01:00)").contains("raise the time limit "
          + "(--time)").contains("--resume (latest checkpoint: ").contains("checkpoint-");
      assertThat(e.logTail()).anySatisfy(l -> assertThat(l).contains("DUE TO TIME LIMIT"));
    });
    System.out.printf(Locale.ROOT, "real cluster: time-limit kill reported after %.1f s%n",
        seconds(timeLimitedStart));
  }
}
