package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaJson;
import org.biomedvital.tuning.llava.LlavaTuningRunner;
import org.biomedvital.tuning.llava.PreflightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LlavaTuningRunnerTest {
  @TempDir Path dir;

  private TuningJob job() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("a.jpg"), new byte[] {1});
    Path data = dir.resolve("train.json");
    LlavaJson.write(data, List.of(InstructionSample.builder().id("1").image("a.jpg")
        .conversation(Conversation.of("Q", "A").withImageToken(true)).build()));
    return TuningJob.builder().stage(1).data(data).imageFolder(images)
        .outputDir(dir.resolve("run")).baseModel("/models/vicuna").parameter("max_steps", "4")
        .build();
  }

  @Test
  void checksRendersLaunchesAndFollowsTheRun() throws Exception {
    assumeTrue(PythonTorch.python().isPresent(), PythonTorch.SKIP);
    Path script = PythonTorch.script(dir);
    List<LaunchSpec> launched = new ArrayList<>();
    // torchrun stands in for the cluster launcher; run the training script with python directly.
    LaunchTarget pythonInsteadOfTorchrun = spec -> {
      launched.add(spec);
      List<String> cmd = new ArrayList<>(spec.command());
      cmd = new ArrayList<>(cmd.subList(cmd.indexOf(script.toString()), cmd.size()));
      cmd.add(0, PythonTorch.python().get());
      return new LocalLaunchTarget().launch(new LaunchSpec(spec.name(), cmd, spec.environment(),
          spec.workDir(), spec.logFile(), spec.nodes(), spec.gpusPerNode()));
    };
    LlavaTuningRunner runner = LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .customize(b -> b.gpusPerNode(1).perDeviceBatchSize(8).globalBatchSize(8)
            .trainScript(script.toString()).saveSteps(2))
        .codeDir(dir).target(pythonInsteadOfTorchrun, LauncherKind.LOCAL).build();
    AtomicInteger progress = new AtomicInteger();

    TuningResult result = runner.run(job(), new org.biomedvital.tuning.TuningListener() {
      @Override
      public void onProgress(org.biomedvital.tuning.TuningProgress p) {
        progress.incrementAndGet();
      }
    });

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(progress.get()).isEqualTo(4);
    assertThat(dir.resolve("run/launch.sh")).exists();
    assertThat(dir.resolve("run/train.log")).exists();
    assertThat(launched).singleElement().satisfies(s -> assertThat(s.command())
        .containsSequence("--tune_mm_mlp_adapter", "True").endsWith("--max_steps", "4"));
  }

  @Test
  void aFailedPreflightLaunchesNothing() throws Exception {
    List<LaunchSpec> launched = new ArrayList<>();
    LlavaTuningRunner runner = LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .customize(b -> b.gradientAccumulationSteps(3))
        .target(spec -> {
          launched.add(spec);
          throw new AssertionError("launched");
        }, LauncherKind.LOCAL).build();

    assertThatThrownBy(() -> runner.run(job(), org.biomedvital.tuning.TuningListener.NONE))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("set gradient accumulation to 8");
    assertThat(launched).isEmpty();
  }

  @Test
  void thePlannerWritesTheLaunchFilesAndReturnsTheSpec() throws Exception {
    org.biomedvital.tuning.llava.LlavaLaunchPlanner planner =
        new org.biomedvital.tuning.llava.LlavaLaunchPlanner(LlavaCodebase.LLAVA_1_5,
            b -> b.gpusPerNode(4).perDeviceBatchSize(16).globalBatchSize(64), Path.of("/code"),
            LauncherKind.SLURM);
    TuningJob job = job();

    LaunchSpec spec = planner.plan(job);

    assertThat(spec.command()).startsWith("torchrun", "--nnodes=$SLURM_NNODES")
        .endsWith("--max_steps", "4");
    assertThat(spec.gpusPerNode()).isEqualTo(4);
    assertThat(spec.logFile()).isEqualTo(dir.resolve("run/train.log"));
    assertThat(dir.resolve("run/launch.sh")).exists();
    assertThat(dir.resolve("run/ds_config.json")).exists();
  }

  @Test
  void providersAreRegistered() {
    assertThat(Providers.launchTarget("local", ProviderSettings.EMPTY))
        .isInstanceOf(LocalLaunchTarget.class);
    assertThat(Providers.launchTarget("slurm", ProviderSettings.of("partition", "gpu", "poll",
        "30s"))).isInstanceOf(SlurmLaunchTarget.class);
    assertThatThrownBy(() -> Providers.launchTarget("slurm", ProviderSettings.of("partiton",
        "gpu"))).hasMessageContaining("partiton").hasMessageContaining("partition");
    // The provider modules register these: this module alone has neither.
    assertThatThrownBy(() -> Providers.launchTarget("kubernetes", ProviderSettings.EMPTY))
        .hasMessageContaining("kubernetes");
    assertThatThrownBy(() -> Providers.tuningRunner("tiny", ProviderSettings.EMPTY))
        .hasMessageContaining("tiny");
  }

  @Test
  void aLauncherKindThatContradictsTheTargetIsRejectedWithTheFix() {
    SlurmLaunchTarget slurm = SlurmLaunchTarget.builder().build();

    assertThatThrownBy(() -> LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(slurm, LauncherKind.LOCAL).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a SLURM target launches with LauncherKind.SLURM but LOCAL was given; call "
            + "target(target) to follow the target, or target(target, LauncherKind.SLURM)");
    assertThatThrownBy(() -> LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(new LocalLaunchTarget(), LauncherKind.KUBERNETES).build())
        .hasMessageContaining("LauncherKind.LOCAL but KUBERNETES was given");
    LlavaTuningRunner derived = LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(slurm).build();
    assertThat(derived.launcherKind()).isEqualTo(LauncherKind.SLURM);
    assertThat(derived.toBuilder().build().launcherKind()).isEqualTo(LauncherKind.SLURM);
    assertThat(LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(slurm, LauncherKind.SLURM)
        .build().launcherKind()).isEqualTo(LauncherKind.SLURM);
    // The last target call wins whole: target and kind together.
    assertThat(LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(new LocalLaunchTarget(), LauncherKind.LOCAL).target(slurm).build().launcherKind())
        .isEqualTo(LauncherKind.SLURM);
  }

  @Test
  void aTargetOfUnknownKindNeedsTheKindSaid() {
    LaunchTarget own = spec -> {
      throw new AssertionError("launched");
    };

    assertThatThrownBy(() -> LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1).target(own)
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not known; call target(target, LauncherKind.LOCAL / SLURM / "
            + "KUBERNETES)");
    assertThat(LlavaTuningRunner.builder(LlavaCodebase.LLAVA_MED_V1)
        .target(own, LauncherKind.KUBERNETES).build().launcherKind())
        .isEqualTo(LauncherKind.KUBERNETES);
  }
}
