package org.biomedvital.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.biomedvital.TuningFailedException;
import org.biomedvital.internal.Checks;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.ClusterLaunchTarget;
import org.biomedvital.tuning.launch.JobRecord;
import org.biomedvital.tuning.launch.JobState;
import org.biomedvital.tuning.launch.JobWatch;
import org.biomedvital.tuning.launch.LaunchSpecs;
import org.biomedvital.tuning.llava.RenderedLaunch;
import org.biomedvital.tuning.monitor.LogMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the rendered command as a Kubeflow {@code PyTorchJob} ({@code kubeflow.org/v1}) with the
 * fabric8 client: one {@code Master} and {@code nodes - 1} {@code Worker} replicas, each a pod of
 * the training image running the command through {@code bash -c} (render it with {@link
 * org.biomedvital.tuning.llava.LauncherKind#KUBERNETES}: the training operator sets {@code RANK},
 * {@code MASTER_ADDR} and {@code MASTER_PORT}), with the GPUs per node as resource limits.
 *
 * <p>Paths: the pod runs in the command's working directory, which must be absolute (the code
 * checkout in the image, or on the volume), and every trainer path ({@code --data_path}, {@code
 * --image_folder}, {@code --output_dir}, {@code --deepspeed}, {@code --pretrain_mm_mlp_adapter})
 * must lie on the mounted claim. With {@link Builder#volumeRoot} the local folder the claim holds
 * (for example an NFS mount) is mapped onto the mount path: {@code /mnt/vital/runs/s2} on this
 * machine becomes {@code /data/runs/s2} in the pod. A plan whose paths the pod cannot reach is
 * refused with what to change; {@link #checkpointLocation} says where checkpoints land.
 *
 * <p>{@link LaunchedJob#await} polls the job's status conditions ({@code Created}, {@code
 * Running}, {@code Succeeded}, {@code Failed}) and streams the master pod's log into the listener;
 * {@link LaunchedJob#cancel} deletes the job. The spec's log file is not written: the log lives
 * in the pod.
 *
 * <pre>{@code
 * LaunchTarget k8s = KubernetesLaunchTarget.builder().image("ghcr.io/lab/llava-med:1.0")
 *     .namespace("ml").persistentVolumeClaim("data", "/data").build();
 * }</pre>
 *
 * <p>Thread-safe. Closes the client only if it created it ({@link #close()}).
 */
public final class KubernetesLaunchTarget implements ClusterLaunchTarget, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesLaunchTarget.class);

  /** The PyTorchJob custom resource. */
  public static final ResourceDefinitionContext PYTORCH_JOB = new ResourceDefinitionContext.Builder()
      .withGroup("kubeflow.org").withVersion("v1").withKind("PyTorchJob")
      .withPlural("pytorchjobs").withNamespaced(true).build();

  /** The Kubeflow Trainer v2 TrainJob custom resource. */
  public static final ResourceDefinitionContext TRAIN_JOB = new ResourceDefinitionContext.Builder()
      .withGroup("trainer.kubeflow.org").withVersion("v1alpha1").withKind("TrainJob")
      .withPlural("trainjobs").withNamespaced(true).build();

  /** The label JobSet puts on a TrainJob's pods. */
  public static final String JOBSET_NAME_LABEL = "jobset.sigs.k8s.io/jobset-name";
  /** The label naming a TrainJob pod's index (0: the node whose log is followed). */
  public static final String COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";

  /** The label the training operator puts on a job's pods. */
  public static final String JOB_NAME_LABEL = "training.kubeflow.org/job-name";
  /** The label naming a pod's replica type ({@code master} or {@code worker}). */
  public static final String REPLICA_TYPE_LABEL = "training.kubeflow.org/replica-type";

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final String image;
  private final String gpuResource;
  private final String claimName;
  private final String mountPath;
  private final String serviceAccount;
  private final Map<String, String> nodeSelector;
  private final Duration pollInterval;
  private final String secretName;
  private final Path volumeRoot;
  private final String trainingRuntime;

  /** The trainer arguments that name files or folders the pod must reach. */
  static final List<String> PATH_FLAGS = List.of("--data_path", "--image_folder", "--output_dir",
      "--deepspeed", "--pretrain_mm_mlp_adapter");

  private KubernetesLaunchTarget(Builder b) {
    this.ownsClient = b.client == null;
    this.client = b.client == null ? new KubernetesClientBuilder().build() : b.client;
    this.namespace = b.namespace;
    this.image = b.image;
    this.gpuResource = b.gpuResource;
    this.claimName = b.claimName;
    this.mountPath = b.mountPath;
    this.serviceAccount = b.serviceAccount;
    this.nodeSelector = Map.copyOf(b.nodeSelector);
    this.pollInterval = b.pollInterval;
    this.secretName = b.secretName;
    this.volumeRoot = b.volumeRoot;
    this.trainingRuntime = b.trainingRuntime;
  }

  @Override
  public String name() {
    return "kubernetes";
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
  public String checkpointLocation(LaunchSpec spec) {
    String out = LaunchSpecs.flag(spec, "--output_dir");
    if (out == null) {
      return "the trainer's working directory in the pod (no --output_dir)";
    }
    String pod = podPath(out);
    return "claim '" + claimName + "' at " + pod + (volumeRoot != null && !pod.equals(out)
        ? " (" + out + " on this machine)" : "");
  }

  /** A new builder; the image is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Kubernetes name for a job name: lower case, {@code [a-z0-9-]}, at most 63 characters. */
  public static String resourceName(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
        .replaceAll("^-+|-+$", "");
    if (s.isEmpty()) {
      s = "biomed-vital";
    }
    return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
  }

  /**
   * The training job for {@code spec}: a Kubeflow Trainer v2 {@code TrainJob} when the target was
   * built with {@link Builder#trainJob}, else a v1 {@code PyTorchJob}.
   *
   * @throws IllegalArgumentException when the pod cannot reach a path of the command
   */
  public GenericKubernetesResource renderJob(LaunchSpec spec) {
    return trainingRuntime.isEmpty() ? renderPyTorchJob(spec) : renderTrainJob(spec);
  }

  private ResourceDefinitionContext context() {
    return trainingRuntime.isEmpty() ? PYTORCH_JOB : TRAIN_JOB;
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
  public String renderYaml(LaunchSpec spec) {
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

  @Override
  public ClusterJob launch(LaunchSpec spec) {
    GenericKubernetesResource job = renderJob(spec);
    try {
      client.genericKubernetesResources(context()).inNamespace(namespace).resource(job).create();
    } catch (KubernetesClientException e) {
      throw new TuningFailedException("cannot create " + job.getKind() + " "
          + job.getMetadata().getName() + " in namespace " + namespace + " (HTTP " + e.getCode()
          + "): " + e.getMessage() + "; check that the Kubeflow " + (trainingRuntime.isEmpty()
              ? "training operator is installed (v1) and you may create pytorchjobs"
              : "Trainer (v2) and the training runtime '" + trainingRuntime + "' are installed "
                  + "and you may create trainjobs") + " there", -1, List.of());
    }
    LOG.debug("created {} {}/{}; checkpoints land in {}", job.getKind(), namespace,
        job.getMetadata().getName(), checkpointLocation(spec));
    return new KubeJob(new JobRecord(name(), namespace + "/" + job.getMetadata().getName(),
        spec.name(), null, 0, null, LaunchSpecs.globalBatch(spec), namespace));
  }

  /**
   * {@inheritDoc} The record's id is {@code namespace/name} (or a name in this target's namespace).
   */
  @Override
  public ClusterJob attach(JobRecord record) {
    String id = record.id();
    String ns = id.contains("/") ? id.substring(0, id.indexOf('/')) : namespace;
    String jobName = id.substring(id.indexOf('/') + 1);
    if (client.genericKubernetesResources(context()).inNamespace(ns).withName(jobName)
        .get() == null) {
      throw new TuningFailedException("no " + context().getKind() + " " + ns + "/" + jobName
          + " (deleted, or "
          + "another namespace or cluster context)", -1, List.of());
    }
    return new KubeJob(new JobRecord(name(), ns + "/" + jobName, record.name(), null, 0, null,
        record.globalBatch(), ns));
  }

  /** Maps a PyTorchJob's status (its last true condition) to a status; PENDING when none. */
  static TuningStatus map(GenericKubernetesResource job) {
    TuningStatus result = TuningStatus.PENDING;
    for (Map<String, Object> c : trueConditions(job)) {
      switch (String.valueOf(c.get("type"))) {
        case "Succeeded":
        case "Complete":
          return TuningStatus.SUCCEEDED;
        case "Failed":
          return TuningStatus.FAILED;
        case "Running":
        case "Restarting":
          result = TuningStatus.RUNNING;
          break;
        default:
          break;
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked") // the status of a generic resource is untyped JSON
  private static List<Map<String, Object>> trueConditions(GenericKubernetesResource job) {
    Object status = job.getAdditionalProperties().get("status");
    List<Map<String, Object>> out = new ArrayList<>();
    if (status instanceof Map && ((Map<String, Object>) status).get("conditions") instanceof List) {
      for (Object c : (List<Object>) ((Map<String, Object>) status).get("conditions")) {
        if (c instanceof Map && "True".equalsIgnoreCase(String.valueOf(((Map<String, Object>) c)
            .get("status")))) {
          out.add((Map<String, Object>) c);
        }
      }
    }
    return out;
  }

  private static String lastCondition(GenericKubernetesResource job) {
    List<Map<String, Object>> c = trueConditions(job);
    return c.isEmpty() ? "Pending" : String.valueOf(c.get(c.size() - 1).get("type"));
  }

  private static String lastConditionMessage(GenericKubernetesResource job) {
    List<Map<String, Object>> c = trueConditions(job);
    if (c.isEmpty()) {
      return "no condition";
    }
    Map<String, Object> last = c.get(c.size() - 1);
    Object msg = last.get("message");
    return last.get("type") + (msg == null ? "" : ": " + msg);
  }

  private final class KubeJob implements ClusterJob {
    private final JobRecord record;
    private final String ns;
    private final String name;
    private final long started = System.nanoTime();
    private volatile boolean cancelled;
    private int linesSeen;

    KubeJob(JobRecord record) {
      this.record = record;
      this.ns = record.namespace();
      this.name = record.id().substring(record.id().indexOf('/') + 1);
    }

    @Override
    public String id() {
      return record.id();
    }

    @Override
    public JobRecord record() {
      return record;
    }

    @Override
    public TuningStatus status() {
      return state().status();
    }

    @Override
    public JobState state() {
      GenericKubernetesResource job = client.genericKubernetesResources(context())
          .inNamespace(ns).withName(name).get();
      if (job == null) {
        return cancelled ? new JobState(id(), TuningStatus.CANCELLED, "Deleted", 0, 0,
            "cancelled: the job was deleted", null, null)
            : new JobState(id(), TuningStatus.FAILED, "NotFound", -1, 0, "the job is gone "
                + "(deleted by someone else?)", null, null);
      }
      TuningStatus s = map(job);
      String explanation = s == TuningStatus.FAILED ? lastConditionMessage(job) + "; look at the "
          + "pods: kubectl -n " + ns + " describe " + context().getPlural() + " " + name : "";
      return new JobState(id(), s, lastCondition(job), s == TuningStatus.FAILED ? 1 : 0, 0,
          explanation, null, null);
    }

    private void pollLog(Consumer<String> sink) {
      List<Pod> pods = trainingRuntime.isEmpty()
          ? client.pods().inNamespace(ns).withLabel(JOB_NAME_LABEL, name)
              .withLabel(REPLICA_TYPE_LABEL, "master").list().getItems()
          : client.pods().inNamespace(ns).withLabel(JOBSET_NAME_LABEL, name)
              .withLabel(COMPLETION_INDEX_LABEL, "0").list().getItems();
      if (pods.isEmpty()) {
        return;
      }
      String log;
      try {
        log = client.pods().inNamespace(ns).withName(pods.get(0).getMetadata().getName())
            .getLog();
      } catch (KubernetesClientException e) {
        // The container may not have started yet.
        return;
      }
      List<String> lines = log == null ? List.of() : log.lines().toList();
      for (int i = linesSeen; i < lines.size(); i++) {
        sink.accept(lines.get(i));
      }
      linesSeen = Math.max(linesSeen, lines.size());
    }

    @Override
    public TuningResult await(TuningListener listener) {
      LogMonitor monitor = new LogMonitor(listener, null, record.globalBatch());
      // No last read of a job we deleted: its pods are going.
      TuningStatus s = JobWatch.until(this, pollInterval, (sink, last) -> {
        if (!last || !cancelled) {
          pollLog(sink);
        }
      }, monitor::accept).status();
      if (s == TuningStatus.FAILED) {
        throw LaunchSpecs.failure(record.name() + " (" + context().getKind() + " " + id() + ")", -1,
            Duration.ofNanos(System.nanoTime() - started), monitor.tail());
      }
      TuningResult r = new TuningResult(s, Path.of(""), monitor.summary());
      listener.onFinish(r);
      return r;
    }

    @Override
    public void cancel() {
      cancelled = true;
      client.genericKubernetesResources(context()).inNamespace(ns).withName(name).delete();
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** Builds {@link KubernetesLaunchTarget}s. */
  public static final class Builder {
    private KubernetesClient client;
    private String namespace = "default";
    private String image;
    private String gpuResource = "nvidia.com/gpu";
    private String claimName = "";
    private String mountPath = "/data";
    private String serviceAccount = "";
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private Duration pollInterval = Duration.ofSeconds(10);
    private String secretName = "biomed-vital-secrets";
    private Path volumeRoot;
    private String trainingRuntime = "";

    private Builder() {}

    /**
     * The Kubernetes Secret that secret-looking environment variables ({@code *KEY*}, {@code
     * *TOKEN*}...) are read from (key: the lower-case name with dashes); default {@code
     * biomed-vital-secrets}. Their values never appear in the manifest.
     */
    public Builder secretName(String secretName) {
      this.secretName = Checks.notBlank(secretName, "secretName");
      return this;
    }

    /** The client to use (the caller keeps owning it); default one from kubeconfig. */
    public Builder client(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The namespace; default {@code default}. */
    public Builder namespace(String namespace) {
      this.namespace = Checks.notBlank(namespace, "namespace");
      return this;
    }

    /** The container image holding the training code and its Python environment (required). */
    public Builder image(String image) {
      this.image = Checks.notBlank(image, "image");
      return this;
    }

    /** The GPU resource name; default {@code nvidia.com/gpu}. */
    public Builder gpuResource(String gpuResource) {
      this.gpuResource = Checks.notBlank(gpuResource, "gpuResource");
      return this;
    }

    /**
     * Submits Kubeflow Trainer v2 {@code TrainJob}s referring to the cluster training runtime
     * {@code runtime} (e.g. {@code torch-distributed}) instead of v1 {@code PyTorchJob}s.
     */
    public Builder trainJob(String runtime) {
      this.trainingRuntime = Checks.notBlank(runtime, "runtime");
      return this;
    }

    /**
     * The local folder whose contents the claim holds (an NFS or CSI mount on this machine):
     * absolute paths under it are rendered under the mount path in the pod.
     */
    public Builder volumeRoot(Path localRoot) {
      Objects.requireNonNull(localRoot, "localRoot == null");
      this.volumeRoot = localRoot.toAbsolutePath().normalize();
      return this;
    }

    /** Mounts a persistent volume claim (data, images, output) at {@code mountPath}. */
    public Builder persistentVolumeClaim(String claimName, String mountPath) {
      this.claimName = Checks.notBlank(claimName, "claimName");
      Checks.notBlank(mountPath, "mountPath");
      Checks.checkArgument(mountPath.startsWith("/"), "mountPath must be absolute but was %s",
          mountPath);
      this.mountPath = mountPath.replaceAll("(?<=.)/+$", "");
      return this;
    }

    /** The pods' service account; default the namespace's. */
    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = Checks.notBlank(serviceAccount, "serviceAccount");
      return this;
    }

    /** Adds a node selector label. */
    public Builder nodeSelector(String key, String value) {
      nodeSelector.put(Checks.notBlank(key, "key"), Checks.notBlank(value, "value"));
      return this;
    }

    /** How often {@code await} polls; default 10 s. */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      Checks.checkArgument(!interval.isNegative() && !interval.isZero(),
          "pollInterval must be > 0 but was %s", interval);
      this.pollInterval = interval;
      return this;
    }

    /** Builds. @throws IllegalStateException when the image is missing */
    public KubernetesLaunchTarget build() {
      Checks.checkState(image != null, "image is required; call image(...) with the training "
          + "container image");
      return new KubernetesLaunchTarget(this);
    }
  }
}
