package org.biomedvital.cli.tuning;

import static org.biomedvital.cli.GivenOptions.ifGiven;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.kubernetes.KubernetesLaunchTarget;
import org.biomedvital.tuning.launch.LaunchSpecs;
import org.biomedvital.tuning.launch.LocalLaunchTarget;
import org.biomedvital.tuning.launch.SlurmLaunchTarget;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaJson;
import org.biomedvital.tuning.llava.LlavaLaunchRenderer;
import org.biomedvital.tuning.llava.LlavaMedRecipe;
import org.biomedvital.tuning.llava.LlavaPreflight;
import org.biomedvital.tuning.llava.PreflightFinding;
import org.biomedvital.tuning.llava.RenderedLaunch;
import org.biomedvital.tuning.llava.TrainingDataStatistics;
import picocli.CommandLine.Option;

/** The options {@code tune plan} and {@code tune run} share, and the planning they do. */
final class LaunchOptions {
  /** Launch targets by command-line name. */
  enum Target {
    local, slurm, kubernetes
  }

  @Option(names = "--recipe", defaultValue = "llava-med-v1",
      description = "llava-med-v1 (torchrun + FSDP) or llava-1.5 (DeepSpeed); default ${DEFAULT-VALUE}")
  String recipe;

  @Option(names = "--stage", required = true, description = "1 (alignment) or 2 (instruction tuning)")
  int stage;

  @Option(names = "--data", required = true, description = "training JSON (LLaVA format)")
  Path data;

  @Option(names = "--images", required = true, description = "the image folder")
  Path images;

  @Option(names = "--model", required = true, description = "base model path or hub id")
  String model;

  @Option(names = "--gpus", defaultValue = "8", description = "GPUs per node; 0 runs on CPUs "
      + "only (no GPU request); default ${DEFAULT-VALUE}")
  int gpus;

  @Option(names = "--procs-per-node", description = "training processes per node; default one "
      + "per GPU, or 1 with --gpus 0")
  Integer procsPerNode;

  @Option(names = "--template", description = "conversation template (--version of train.py); "
      + "default the recipe's: v0 for llava-med-v1, plain/v1 for llava-1.5 stage 1/2")
  String template;

  @Option(names = "--nodes", defaultValue = "1", description = "nodes; default ${DEFAULT-VALUE}")
  int nodes;

  @Option(names = "--per-device-batch", description = "samples per GPU per pass")
  Integer perDeviceBatch;

  @Option(names = "--gradient-accumulation", description = "accumulation steps; default derived from the global batch")
  Integer accumulation;

  @Option(names = "--global-batch", description = "global batch; default 128")
  Integer globalBatch;

  @Option(names = "--epochs", description = "epochs; default 1 (stage 1) or 3 (stage 2)")
  Double epochs;

  @Option(names = "--lr", description = "learning rate; default 2e-3 (stage 1) or 2e-5 (stage 2)")
  Double learningRate;

  @Option(names = "--lora", description = "train LoRA adapters (stage 2)")
  boolean lora;

  @Option(names = "--zero-offload", description = "DeepSpeed CPU offload (llava-1.5)")
  boolean zeroOffload;

  @Option(names = "--projector", description = "stage-1 mm_projector.bin for stage 2")
  String projector;

  @Option(names = "--set", description = "extra training argument KEY=VALUE (repeatable)")
  Map<String, String> extra = new LinkedHashMap<>();

  @Option(names = "--target", defaultValue = "local", description = "local, slurm or kubernetes; default ${DEFAULT-VALUE}")
  Target target;

  @Option(names = "--out", required = true, description = "output folder: rendered files, checkpoints, log")
  Path out;

  @Option(names = "--code-dir", description = "training code checkout; default the working "
      + "folder (Kubernetes: required, the folder in the image or on the volume)")
  Path codeDir;

  @Option(names = "--name", description = "job name; default biomed-vital-stage<N>")
  String name;

  @Option(names = "--resume", description = "continue the run in --out from its latest checkpoint")
  boolean resume;

  @Option(names = "--partition", description = "SLURM partition")
  String partition;

  @Option(names = "--account", description = "SLURM account")
  String account;

  @Option(names = "--time", description = "SLURM time limit, e.g. 48:00:00")
  String time;

  @Option(names = "--image", description = "Kubernetes: the training container image")
  String image;

  @Option(names = "--namespace", defaultValue = "default", description = "Kubernetes namespace; default ${DEFAULT-VALUE}")
  String namespace;

  @Option(names = "--pvc", description = "Kubernetes: a persistent volume claim mounted at /data")
  String pvc;

  @Option(names = "--train-job-runtime", description = "Kubernetes: submit a Kubeflow Trainer "
      + "v2 TrainJob using this cluster training runtime (e.g. torch-distributed) instead of a "
      + "v1 PyTorchJob")
  String trainJobRuntime;

  @Option(names = "--volume-root", description = "Kubernetes: the local folder the claim holds; "
      + "paths under it are mapped onto /data in the pod")
  Path volumeRoot;

  @Option(names = "--poll", defaultValue = "10s", description = "how often to ask the cluster "
      + "for the job's state, e.g. 2s, 1m; default ${DEFAULT-VALUE}")
  String poll;

  java.time.Duration pollInterval() {
    return pollInterval(poll);
  }

  /** {@code --poll} as a duration. @throws IllegalArgumentException naming the option */
  static java.time.Duration pollInterval(String value) {
    java.time.Duration d = org.biomedvital.spi.ProviderSettings.of("poll", value)
        .durationValue("poll", null);
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("--poll must be a positive duration (e.g. 10s) but was "
          + value);
    }
    return d;
  }

  LlavaMedRecipe recipe() {
    LlavaMedRecipe.Builder b = LlavaMedRecipe.builder(LlavaCodebase.fromId(recipe), stage)
        .gpusPerNode(gpus).nodes(nodes).lora(lora).zeroOffload(zeroOffload);
    ifGiven(procsPerNode, b::processesPerNode);
    ifGiven(template, b::conversationVersion);
    ifGiven(perDeviceBatch, b::perDeviceBatchSize);
    ifGiven(accumulation, b::gradientAccumulationSteps);
    ifGiven(globalBatch, b::globalBatchSize);
    ifGiven(epochs, b::epochs);
    ifGiven(learningRate, b::learningRate);
    ifGiven(projector, b::pretrainedProjector);
    extra.forEach(b::extraArgument);
    return b.build();
  }

  String jobName() {
    return name != null ? name : "biomed-vital-stage" + stage;
  }

  TuningJob job() {
    return TuningJob.builder().name(jobName()).stage(stage).data(data).imageFolder(images)
        .outputDir(out).baseModel(model).resume(resume).build();
  }

  LauncherKind kind() {
    return LauncherKind.valueOf(target.name().toUpperCase(Locale.ROOT));
  }

  LaunchTarget launchTarget() {
    switch (target) {
      case slurm: {
        SlurmLaunchTarget.Builder b = SlurmLaunchTarget.builder().pollInterval(pollInterval());
        ifGiven(partition, b::partition);
        ifGiven(account, b::account);
        ifGiven(time, b::timeLimit);
        return b.build();
      }
      case kubernetes: {
        if (image == null) {
          throw new IllegalArgumentException("--target kubernetes needs --image (the container "
              + "image holding the training code)");
        }
        KubernetesLaunchTarget.Builder b = KubernetesLaunchTarget.builder().image(image)
            .namespace(namespace).pollInterval(pollInterval());
        if (pvc != null) {
          b.persistentVolumeClaim(pvc, "/data");
        }
        ifGiven(volumeRoot, b::volumeRoot);
        ifGiven(trainJobRuntime, b::trainJob);
        return b.build();
      }
      default:
        return new LocalLaunchTarget();
    }
  }

  /** The result of planning: what to launch, or null when a check failed. */
  record Plan(LlavaMedRecipe recipe, TuningJob job, RenderedLaunch launch, LaunchSpec spec) {}

  /**
   * Checks, prints findings and the plan, writes the rendered files into {@code --out}; null (after
   * printing the errors with their fixes) when a pre-flight check fails.
   */
  Plan plan(PrintWriter out, PrintWriter err) {
    LlavaMedRecipe r = recipe();
    TuningJob job = job();
    List<PreflightFinding> findings = LlavaPreflight.check(r, job);
    boolean failed = false;
    for (PreflightFinding f : findings) {
      boolean error = f.severity() == PreflightFinding.Severity.ERROR;
      failed |= error;
      err.println((error ? "error: " : "warning: ") + f.message());
    }
    if (failed) {
      return null;
    }
    if (codeDir == null && target == Target.kubernetes) {
      throw new IllegalArgumentException("--target kubernetes needs --code-dir: the training "
          + "code's folder inside the image (e.g. /workspace/LLaVA-Med) or on the volume");
    }
    RenderedLaunch launch = new LlavaLaunchRenderer(r, codeDir == null ? Path.of(".") : codeDir)
        .render(job, kind());
    LaunchSpec spec = launch.toSpec(jobName(), this.out.toAbsolutePath().resolve("train.log"),
        r.nodes(), r.gpusPerNode());
    String checkpoints = LaunchSpecs.outputDir(spec).toString();
    Map<String, Path> written = new LinkedHashMap<>(launch.write(this.out));
    if (target == Target.slurm) {
      Path p = this.out.resolve(jobName() + ".sbatch");
      org.biomedvital.io.AtomicFiles.writeString(p,
          ((SlurmLaunchTarget) launchTarget()).renderScript(spec));
      written.put(p.getFileName().toString(), p);
    } else if (target == Target.kubernetes) {
      Path p = this.out.resolve(trainJobRuntime != null ? "trainjob.yaml" : "pytorchjob.yaml");
      try (KubernetesLaunchTarget k = (KubernetesLaunchTarget) launchTarget()) {
        org.biomedvital.io.AtomicFiles.writeString(p, k.renderYaml(spec));
        checkpoints = k.checkpointLocation(spec);
      }
      written.put(p.getFileName().toString(), p);
    }
    TrainingDataStatistics stats = TrainingDataStatistics.of(LlavaJson.read(data), images);
    out.println("recipe: " + r);
    out.println("template: " + r.conversationVersion() + " (" + r.conversationVersionSource()
        + ")");
    out.println("data:   " + stats.describe());
    out.println("target: " + target + (r.zeroStage() > 0 ? ", DeepSpeed ZeRO-" + r.zeroStage()
        : r.usesFsdp() ? ", FSDP full_shard auto_wrap" : ""));
    out.println("checkpoints: " + checkpoints);
    out.println("command:");
    out.println(launch.prettyCommandLine());
    written.forEach((n, p) -> out.println("wrote " + p));
    return new Plan(r, job, launch, spec);
  }
}
