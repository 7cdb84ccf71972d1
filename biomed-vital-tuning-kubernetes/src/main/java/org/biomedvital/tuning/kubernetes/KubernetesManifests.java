package org.biomedvital.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biomedvital.internal.Checks;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.launch.LaunchSpecs;
import org.biomedvital.tuning.llava.RenderedLaunch;

/**
 * Renders {@link KubernetesLaunchTarget}'s training jobs: a Kubeflow v1 {@code PyTorchJob} or a
 * Trainer v2 {@code TrainJob}, with local paths mapped onto the mounted claim. Holds the target's
 * pod settings; does no I/O.
 */
final class KubernetesManifests {
  /** The trainer arguments that name files or folders the pod must reach. */
  static final List<String> PATH_FLAGS = List.of("--data_path", "--image_folder", "--output_dir",
      "--deepspeed", "--pretrain_mm_mlp_adapter");

  final String namespace;
  final String image;
  final String gpuResource;
  final String claimName;
  final String mountPath;
  final String serviceAccount;
  final Map<String, String> nodeSelector;
  final String secretName;
  final Path volumeRoot;
  final String trainingRuntime;

  KubernetesManifests(String namespace, String image, String gpuResource, String claimName,
      String mountPath, String serviceAccount, Map<String, String> nodeSelector, String secretName,
      Path volumeRoot, String trainingRuntime) {
    this.namespace = namespace;
    this.image = image;
    this.gpuResource = gpuResource;
    this.claimName = claimName;
    this.mountPath = mountPath;
    this.serviceAccount = serviceAccount;
    this.nodeSelector = Checks.orderedCopy(nodeSelector);
    this.secretName = secretName;
    this.volumeRoot = volumeRoot;
    this.trainingRuntime = trainingRuntime;
  }

  /** Whether jobs are Trainer v2 {@code TrainJob}s. */
  boolean trainJob() {
    return !trainingRuntime.isEmpty();
  }

  /** The pod's path for a local absolute path: under the volume root it moves onto the mount. */
  String podPath(String path) {
    if (volumeRoot == null || claimName.isEmpty() || !path.startsWith("/")) {
      return path;
    }
    Path p = Path.of(path).normalize();
    if (!p.startsWith(volumeRoot)) {
      return path;
    }
    Path rel = volumeRoot.relativize(p);
    return rel.toString().isEmpty() ? mountPath : mountPath + "/" + rel;
  }

  private String podArgument(String arg) {
    int eq = arg.indexOf('=');
    if (arg.startsWith("--") && eq > 0) {
      return arg.substring(0, eq + 1) + podPath(arg.substring(eq + 1));
    }
    return podPath(arg);
  }

  private boolean onVolume(String podPath) {
    return !claimName.isEmpty() && (podPath.equals(mountPath)
        || podPath.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/"));
  }

  /**
   * The command as the pod runs it (paths mapped onto the volume), after checking that the pod
   * can reach the working directory and every trainer path.
   *
   * @throws IllegalArgumentException naming each path the pod cannot reach and how to fix it
   */
  List<String> podCommand(LaunchSpec spec) {
    List<String> command = spec.command().stream().map(this::podArgument).toList();
    List<String> problems = new ArrayList<>();
    for (String flag : PATH_FLAGS) {
      String local = LaunchSpecs.flag(spec, flag);
      if (local == null || local.contains("://")) {
        // Absent, or a URI the trainer fetches itself.
        continue;
      }
      String pod = podPath(local);
      if (!onVolume(pod)) {
        problems.add(flag + " " + local);
      }
    }
    if (!problems.isEmpty()) {
      String where = claimName.isEmpty() ? "no persistent volume claim is mounted; mount the "
          + "claim that holds data, images and output (persistentVolumeClaim(...), --pvc)"
          : "the pod sees claim '" + claimName + "' at " + mountPath + (volumeRoot == null
              ? "; give paths under " + mountPath + ", or the local folder the claim holds "
                  + "(volumeRoot(...), --volume-root) so local paths are mapped onto it"
              : " = " + volumeRoot + " on this machine; move them under " + volumeRoot);
      throw new IllegalArgumentException("the pod cannot reach " + String.join(", ", problems)
          + ": " + where);
    }
    return command;
  }

  /** The pod's working directory: absolute, on the volume or in the image. */
  String podWorkingDir(LaunchSpec spec) {
    String dir = podPath(spec.workDir().toString());
    if (!dir.startsWith("/")) {
      throw new IllegalArgumentException("the pod's working directory must be absolute but was '"
          + spec.workDir() + "'; give the training code's folder in the image or on the volume "
          + "(--code-dir /workspace/LLaVA-Med)");
    }
    return dir;
  }

  /** Where the run's checkpoints land, for people: the claim, the pod path, the local path. */
  String checkpointLocation(LaunchSpec spec) {
    String out = LaunchSpecs.flag(spec, "--output_dir");
    if (out == null) {
      return "the trainer's working directory in the pod (no --output_dir)";
    }
    String pod = podPath(out);
    return "claim '" + claimName + "' at " + pod + (volumeRoot != null && !pod.equals(out)
        ? " (" + out + " on this machine)" : "");
  }

  /** The Kubernetes name for a job name: lower case, {@code [a-z0-9-]}, at most 63 characters. */
  static String resourceName(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
        .replaceAll("^-+|-+$", "");
    if (s.isEmpty()) {
      s = "biomed-vital";
    }
    return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
  }

  /**
   * The training job for {@code spec}: a Kubeflow Trainer v2 {@code TrainJob} when the target was
   * built with {@link KubernetesLaunchTarget.Builder#trainJob}, else a v1 {@code PyTorchJob}.
   *
   * @throws IllegalArgumentException when the pod cannot reach a path of the command
   */
  GenericKubernetesResource renderJob(LaunchSpec spec) {
    return trainingRuntime.isEmpty() ? renderPyTorchJob(spec) : renderTrainJob(spec);
  }

  ResourceDefinitionContext context() {
    return trainingRuntime.isEmpty() ? KubernetesLaunchTarget.PYTORCH_JOB
        : KubernetesLaunchTarget.TRAIN_JOB;
  }

  /**
   * The Kubeflow Trainer v2 {@code TrainJob} ({@code trainer.kubeflow.org/v1alpha1}) for {@code
   * spec}: the training runtime by reference, the trainer's image, command, node count, GPUs per
   * node and environment, and the volume through a pod spec override of the runtime's {@code node}
   * job. TrainJob has no working directory field, so the command changes into it; the runtime sets
   * {@code PET_NODE_RANK}, {@code PET_MASTER_ADDR} and {@code PET_MASTER_PORT}, exported as the
   * {@code RANK}, {@code MASTER_ADDR}, {@code MASTER_PORT} the rendered torchrun reads.
   */
  GenericKubernetesResource renderTrainJob(LaunchSpec spec) {
    Map<String, Object> trainer = new LinkedHashMap<>();
    trainer.put("image", image);
    trainer.put("command", List.of("bash", "-c", "export RANK=\"$PET_NODE_RANK\" "
        + "MASTER_ADDR=\"$PET_MASTER_ADDR\" MASTER_PORT=\"$PET_MASTER_PORT\"; cd "
        + RenderedLaunch.quote(podWorkingDir(spec)) + " && exec " + String.join(" ",
            podCommand(spec).stream().map(RenderedLaunch::quote).toList())));
    trainer.put("numNodes", spec.nodes());
    if (spec.gpusPerNode() > 0) {
      trainer.put("resourcesPerNode", Map.of("limits", Map.of(gpuResource,
          Integer.toString(spec.gpusPerNode()))));
    }
    trainer.put("env", env(spec));
    Map<String, Object> jobSpec = new LinkedHashMap<>();
    jobSpec.put("runtimeRef", Map.of("name", trainingRuntime));
    jobSpec.put("trainer", trainer);
    Map<String, Object> override = new LinkedHashMap<>();
    override.put("targetJobs", List.of(Map.of("name", "node")));
    if (!claimName.isEmpty()) {
      override.put("volumes", volumes());
      override.put("containers", List.of(Map.of("name", "node", "volumeMounts", volumeMounts())));
    }
    if (!serviceAccount.isEmpty()) {
      override.put("serviceAccountName", serviceAccount);
    }
    if (!nodeSelector.isEmpty()) {
      override.put("nodeSelector", nodeSelector);
    }
    if (override.size() > 1) {
      jobSpec.put("podSpecOverrides", List.of(override));
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("trainer.kubeflow.org/v1alpha1").withKind("TrainJob")
        .withNewMetadata().withName(resourceName(spec.name())).withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "biomed-vital").endMetadata()
        .addToAdditionalProperties("spec", jobSpec).build();
  }

  private List<Map<String, Object>> env(LaunchSpec spec) {
    List<Map<String, Object>> env = new ArrayList<>();
    spec.environment().forEach((k, v) -> env.add(ProviderSettings.isSecretKey(k)
        // Secrets come from a Kubernetes Secret, never from the manifest.
        ? Map.of("name", k, "valueFrom", Map.of("secretKeyRef", Map.of("name", secretName,
            "key", k.toLowerCase(Locale.ROOT).replace('_', '-'))))
        : Map.of("name", k, "value", v)));
    return env;
  }

  private List<Map<String, Object>> volumeMounts() {
    return List.of(Map.of("name", "data", "mountPath", mountPath),
        Map.of("name", "dshm", "mountPath", "/dev/shm"));
  }

  private List<Map<String, Object>> volumes() {
    return List.of(
        Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", claimName)),
        Map.of("name", "dshm", "emptyDir", Map.of("medium", "Memory")));
  }

  private GenericKubernetesResource renderPyTorchJob(LaunchSpec spec) {
    Map<String, Object> replicaSpecs = new LinkedHashMap<>();
    replicaSpecs.put("Master", replica(spec, 1));
    if (spec.nodes() > 1) {
      replicaSpecs.put("Worker", replica(spec, spec.nodes() - 1));
    }
    Map<String, Object> jobSpec = new LinkedHashMap<>();
    jobSpec.put("runPolicy", Map.of("cleanPodPolicy", "None"));
    jobSpec.put("pytorchReplicaSpecs", replicaSpecs);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kubeflow.org/v1").withKind("PyTorchJob")
        .withNewMetadata().withName(resourceName(spec.name())).withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "biomed-vital").endMetadata()
        .addToAdditionalProperties("spec", jobSpec).build();
  }

  /** The training job for {@code spec} as YAML (for {@code kubectl apply -f}). */
  String renderYaml(LaunchSpec spec) {
    return new KubernetesSerialization().asYaml(renderJob(spec));
  }

  private Map<String, Object> replica(LaunchSpec spec, int replicas) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "pytorch");
    container.put("image", image);
    container.put("imagePullPolicy", "IfNotPresent");
    container.put("command", List.of("bash", "-c", "exec " + String.join(" ",
        podCommand(spec).stream().map(RenderedLaunch::quote).toList())));
    container.put("workingDir", podWorkingDir(spec));
    container.put("env", env(spec));
    if (spec.gpusPerNode() > 0) {
      String gpus = Integer.toString(spec.gpusPerNode());
      container.put("resources", Map.of("limits", Map.of(gpuResource, gpus)));
    }
    Map<String, Object> podSpec = new LinkedHashMap<>();
    if (!claimName.isEmpty()) {
      container.put("volumeMounts", volumeMounts());
      podSpec.put("volumes", volumes());
    }
    podSpec.put("containers", List.of(container));
    if (!serviceAccount.isEmpty()) {
      podSpec.put("serviceAccountName", serviceAccount);
    }
    if (!nodeSelector.isEmpty()) {
      podSpec.put("nodeSelector", nodeSelector);
    }
    Map<String, Object> replica = new LinkedHashMap<>();
    replica.put("replicas", replicas);
    replica.put("restartPolicy", "OnFailure");
    replica.put("template", Map.of("spec", podSpec));
    return replica;
  }
}
