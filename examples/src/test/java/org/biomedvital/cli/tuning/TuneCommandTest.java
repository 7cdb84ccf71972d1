package org.biomedvital.cli.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.cli.Main;
import org.biomedvital.tuning.tiny.TinySyntheticData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TuneCommandTest {
  @TempDir Path dir;
  TinySyntheticData.SyntheticSet data;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void data() {
    data = TinySyntheticData.write(dir.resolve("data"), 32, 3);
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private String[] plan(String... more) {
    return planInto("plan", more);
  }

  private String[] planInto(String folder, String... more) {
    String[] base = {"tune", "plan", "--stage", "2", "--data",
        data.instructions().toString(), "--images", data.images().toString(), "--model",
        "/models/llava-med-7b", "--gpus", "8", "--nodes", "1", "--out",
        dir.resolve(folder).toString(), "--projector", "s3://runs/mm_projector.bin"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void planExitsOneWithTheFixWhenTheBatchArithmeticFails() {
    int code = run(plan("--per-device-batch", "1", "--gradient-accumulation", "8"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("error: global batch: per-device batch 1 x gradient "
        + "accumulation 8 x 8 GPUs x 1 node = 64, but the recipe's global batch is 128; set "
        + "gradient accumulation to 16 (--gradient-accumulation 16)");
    assertThat(dir.resolve("plan/launch.sh")).doesNotExist();
  }

  @Test
  void planWritesTheLaunchFilesAndPrintsTheCommand() {
    int code = run(plan("--recipe", "llava-med-v1", "--per-device-batch", "1"));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("recipe: LlavaMedRecipe{llava-med-v1 stage 2")
        .contains("data:   32 records").contains("torchrun --nnodes=1 --nproc_per_node=8")
        .contains("--gradient_accumulation_steps 16").contains("wrote ");
    assertThat(dir.resolve("plan/launch.sh")).exists();
  }

  @Test
  void planRendersSlurmAndKubernetesFiles() throws Exception {
    assertThat(run(plan("--target", "slurm", "--partition", "gpu", "--recipe", "llava-1.5",
        "--name", "s2"))).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("plan/s2.sbatch"))).contains("#SBATCH --gres=gpu:8")
        .contains("--rdzv_backend=c10d");
    assertThat(dir.resolve("plan/ds_config.json")).exists();

    assertThat(run(planInto("k8s", "--target", "kubernetes", "--image", "ghcr.io/x/llava:1",
        "--pvc", "vital", "--volume-root", dir.toString(), "--code-dir",
        "/workspace/LLaVA-Med"))).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("k8s/pytorchjob.yaml"))).contains("PyTorchJob")
        .contains("workingDir: \"/workspace/LLaVA-Med\"")
        // (the YAML folds the long command line at spaces)
        .contains("/data/data/").contains("/data/k8s").doesNotContain(dir.toString());
    assertThat(out.toString()).contains("checkpoints: claim 'vital' at /data/k8s (" + dir
        .resolve("k8s") + " on this machine)");
  }

  @Test
  void kubernetesPlansNeedTheCodeDirAndReachablePaths() {
    assertThat(run(planInto("k8s", "--target", "kubernetes", "--image", "i", "--pvc", "v")))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--target kubernetes needs --code-dir");
    assertThat(run(planInto("k8s", "--target", "kubernetes", "--image", "i", "--pvc", "v",
        "--code-dir", "/workspace/LLaVA-Med"))).isEqualTo(2);
    assertThat(err.toString()).contains("the pod cannot reach --data_path " + data.instructions());
  }

  @Test
  void aCpuOnlySlurmPlanRequestsNoGpuRendersRelativePathsAbsoluteAndUsesTheV0Template()
      throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    int code = run("tune", "plan", "--stage", "2", "--data",
        cwd.relativize(data.instructions()).toString(), "--images",
        cwd.relativize(data.images()).toString(), "--model", "/models/llava-med-7b", "--gpus",
        "0", "--procs-per-node", "2", "--per-device-batch", "4", "--target", "slurm", "--out",
        cwd.relativize(dir.resolve("cpu")).toString(), "--name", "cpu", "--code-dir",
        cwd.relativize(dir).toString());

    assertThat(code).as(err.toString()).isZero();
    String sbatch = Files.readString(dir.resolve("cpu/cpu.sbatch"));
    assertThat(sbatch).doesNotContain("--gres").contains("#SBATCH --cpus-per-task=2\n")
        .contains("--nproc_per_node=2").contains("--version v0")
        .contains("--data_path " + data.instructions()).contains("--image_folder "
            + data.images()).contains("--output_dir " + dir.resolve("cpu"))
        .contains("cd " + dir + "\n").contains("--bf16 False").doesNotContain("--tf32");
    assertThat(Files.readString(dir.resolve("cpu/launch.sh")))
        .contains("--data_path " + data.instructions());
    assertThat(out.toString()).contains("template: v0 (LLaVA-Med v1.0 llava/train/train.py line 54")
        .contains("4 x 16 x 2 CPU processes");
    assertThat(run(plan("--template", "v1", "--per-device-batch", "1"))).isZero();
    assertThat(out.toString()).contains("template: v1 (set explicitly; the recipe's default is v0");
  }

  @Test
  void runExitsOneWhenTheTrainingCodeIsMissing() {
    int code = run("tune", "run", "--stage", "1", "--data", data.instructions().toString(),
        "--images", data.images().toString(), "--model", "/models/none", "--gpus", "1",
        "--per-device-batch", "8", "--global-batch", "8", "--out", dir.resolve("run").toString(),
        "--code-dir", dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ");
    assertThat(out.toString()).contains("torchrun --nnodes=1 --nproc_per_node=1");
  }

  @Test
  void tinyTrainsBothStagesAndAnswers() {
    int code = run("tune", "tiny", "--data", data.instructions().toString(), "--images",
        data.images().toString(), "--out", dir.resolve("tiny").toString(), "--steps", "60",
        "--stage1-steps", "10");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("stage 1 loss").contains("stage 2 loss").contains("A: ");
    assertThat(dir.resolve("tiny/stage2/params.bin")).exists();
  }
}
