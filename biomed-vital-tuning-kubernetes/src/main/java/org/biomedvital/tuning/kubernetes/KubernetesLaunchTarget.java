package org.biomedvital.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.Experimental;
import org.biomedvital.TuningFailedException;
import org.biomedvital.internal.Checks;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.ClusterLaunchTarget;
import org.biomedvital.tuning.launch.JobRecord;
import org.biomedvital.tuning.launch.JobWatch;
import org.biomedvital.tuning.launch.LaunchSpecs;
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
 * <p>Rendering ({@code KubernetesManifests}) and following a job ({@code KubeJob}) live in
 * package-private classes beside this one. The client is created from kubeconfig on first use, not
 * by {@code build()}.
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
  @Experimental("Kubeflow Trainer v2 is v1alpha1")
  public static final ResourceDefinitionContext TRAIN_JOB = new ResourceDefinitionContext.Builder()
      .withGroup("trainer.kubeflow.org").withVersion("v1alpha1").withKind("TrainJob")
      .withPlural("trainjobs").withNamespaced(true).build();

  /** The label JobSet puts on a TrainJob's pods. */
  @Experimental("Kubeflow Trainer v2 is v1alpha1")
  public static final String JOBSET_NAME_LABEL = "jobset.sigs.k8s.io/jobset-name";
  /** The label naming a TrainJob pod's index (0: the node whose log is followed). */
  @Experimental("Kubeflow Trainer v2 is v1alpha1")
  public static final String COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";

  /** The label the training operator puts on a job's pods. */
  public static final String JOB_NAME_LABEL = "training.kubeflow.org/job-name";
  /** The label naming a pod's replica type ({@code master} or {@code worker}). */
  public static final String REPLICA_TYPE_LABEL = "training.kubeflow.org/replica-type";

  /** The namespace unless set. */
  public static final String DEFAULT_NAMESPACE = "default";
  /** The GPU resource name unless set. */
  public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";
  /** Where the claim is mounted unless set. */
  public static final String DEFAULT_MOUNT_PATH = "/data";
  /** The Kubernetes Secret that secret-looking environment variables come from unless set. */
  public static final String DEFAULT_SECRET_NAME = "biomed-vital-secrets";

  private final KubernetesClient givenClient;
  private KubernetesClient ownClient;
  private final Duration pollInterval;
  private final KubernetesManifests manifests;

  private KubernetesLaunchTarget(Builder b) {
    this.givenClient = b.client;
    this.pollInterval = b.pollInterval;
    this.manifests = new KubernetesManifests(b.namespace, b.image, b.gpuResource, b.claimName,
        b.mountPath, b.serviceAccount, b.nodeSelector, b.secretName, b.volumeRoot,
        b.trainingRuntime);
  }

  /** A new builder; the image is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every setting of this target; a client given to this target is shared, not
   * copied (one created from kubeconfig is not passed on: the new target makes its own).
   */
  public Builder toBuilder() {
    KubernetesManifests m = manifests;
    Builder b = new Builder().namespace(m.namespace).image(m.image).gpuResource(m.gpuResource)
        .secretName(m.secretName).pollInterval(pollInterval);
    b.client = givenClient;
    b.claimName = m.claimName;
    b.mountPath = m.mountPath;
    b.serviceAccount = m.serviceAccount;
    b.nodeSelector.putAll(m.nodeSelector);
    b.volumeRoot = m.volumeRoot;
    b.trainingRuntime = m.trainingRuntime;
    return b;
  }

  /** The client: the one given, else one from kubeconfig made on first use. */
  private synchronized KubernetesClient client() {
    if (givenClient != null) {
      return givenClient;
    }
    if (ownClient == null) {
      ownClient = new KubernetesClientBuilder().build();
    }
    return ownClient;
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  /** Where the run's checkpoints land, for people: the claim, the pod path, the local path. */
  public String checkpointLocation(LaunchSpec spec) {
    return manifests.checkpointLocation(spec);
  }

  /** The Kubernetes name for a job name: lower case, {@code [a-z0-9-]}, at most 63 characters. */
  public static String resourceName(String name) {
    return KubernetesManifests.resourceName(name);
  }

  /**
   * The training job for {@code spec}: a Kubeflow Trainer v2 {@code TrainJob} when the target was
   * built with {@link Builder#trainJob}, else a v1 {@code PyTorchJob}.
   *
   * @throws IllegalArgumentException when the pod cannot reach a path of the command
   */
  public GenericKubernetesResource renderJob(LaunchSpec spec) {
    return manifests.renderJob(spec);
  }

  /** The training job for {@code spec} as YAML (for {@code kubectl apply -f}). */
  public String renderYaml(LaunchSpec spec) {
    return manifests.renderYaml(spec);
  }

  @Override
  public ClusterJob launch(LaunchSpec spec) {
    GenericKubernetesResource job = renderJob(spec);
    String namespace = manifests.namespace;
    try {
      client().genericKubernetesResources(manifests.context()).inNamespace(namespace)
          .resource(job).create();
    } catch (KubernetesClientException e) {
      throw new TuningFailedException("cannot create " + job.getKind() + " "
          + job.getMetadata().getName() + " in namespace " + namespace + " (HTTP " + e.getCode()
          + "): " + e.getMessage() + "; check that the Kubeflow " + (!manifests.trainJob()
              ? "training operator is installed (v1) and you may create pytorchjobs"
              : "Trainer (v2) and the training runtime '" + manifests.trainingRuntime
                  + "' are installed and you may create trainjobs") + " there", -1, List.of());
    }
    LOG.debug("created {} {}/{}; checkpoints land in {}", job.getKind(), namespace,
        job.getMetadata().getName(), checkpointLocation(spec));
    return job(new JobRecord(name(), namespace + "/" + job.getMetadata().getName(), spec.name(),
        null, 0, null, LaunchSpecs.globalBatch(spec), namespace));
  }

  private ClusterJob job(JobRecord record) {
    return new KubeJob(client(), manifests, pollInterval, record);
  }

  /**
   * {@inheritDoc} The record's id is {@code namespace/name} (or a name in this target's namespace).
   */
  @Override
  public ClusterJob attach(JobRecord record) {
    String id = record.id();
    String ns = id.contains("/") ? id.substring(0, id.indexOf('/')) : manifests.namespace;
    String jobName = id.substring(id.indexOf('/') + 1);
    ResourceDefinitionContext context = manifests.context();
    if (client().genericKubernetesResources(context).inNamespace(ns).withName(jobName)
        .get() == null) {
      throw new TuningFailedException("no " + context.getKind() + " " + ns + "/" + jobName
          + " (deleted, or another namespace or cluster context)", -1, List.of());
    }
    return job(new JobRecord(name(), ns + "/" + jobName, record.name(), null, 0, null,
        record.globalBatch(), ns));
  }

  @Override
  public synchronized void close() {
    if (ownClient != null) {
      ownClient.close();
      ownClient = null;
    }
  }

  public static final class Builder {
    private KubernetesClient client;
    private String namespace = DEFAULT_NAMESPACE;
    private String image;
    private String gpuResource = DEFAULT_GPU_RESOURCE;
    private String claimName = "";
    private String mountPath = DEFAULT_MOUNT_PATH;
    private String serviceAccount = "";
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private Duration pollInterval = JobWatch.DEFAULT_POLL_INTERVAL;
    private String secretName = DEFAULT_SECRET_NAME;
    private Path volumeRoot;
    private String trainingRuntime = "";

    private Builder() {}

    /**
     * The Kubernetes Secret that secret-looking environment variables ({@code *KEY*}, {@code
     * *TOKEN*}...) are read from (key: the lower-case name with dashes); default {@link
     * #DEFAULT_SECRET_NAME}. Their values never appear in the manifest.
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

    /** The namespace; default {@link #DEFAULT_NAMESPACE}. */
    public Builder namespace(String namespace) {
      this.namespace = Checks.notBlank(namespace, "namespace");
      return this;
    }

    /** The container image holding the training code and its Python environment (required). */
    public Builder image(String image) {
      this.image = Checks.notBlank(image, "image");
      return this;
    }

    /** The GPU resource name; default {@link #DEFAULT_GPU_RESOURCE}. */
    public Builder gpuResource(String gpuResource) {
      this.gpuResource = Checks.notBlank(gpuResource, "gpuResource");
      return this;
    }

    /**
     * Submits Kubeflow Trainer v2 {@code TrainJob}s referring to the cluster training runtime
     * {@code runtime} (e.g. {@code torch-distributed}) instead of v1 {@code PyTorchJob}s; default
     * v1.
     */
    @Experimental("Kubeflow Trainer v2 is v1alpha1; the TrainJob shape may change with it")
    public Builder trainJob(String runtime) {
      this.trainingRuntime = Checks.notBlank(runtime, "runtime");
      return this;
    }

    /**
     * The local folder whose contents the claim holds (an NFS or CSI mount on this machine):
     * absolute paths under it are rendered under the mount path in the pod. Needs {@link
     * #persistentVolumeClaim}; default none (paths are given as the pod sees them).
     */
    public Builder volumeRoot(Path localRoot) {
      Objects.requireNonNull(localRoot, "localRoot == null");
      this.volumeRoot = localRoot.toAbsolutePath().normalize();
      return this;
    }

    /**
     * Mounts a persistent volume claim (data, images, output) at {@code mountPath} (e.g. {@link
     * #DEFAULT_MOUNT_PATH}); default none.
     */
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

    /** How often {@code await} polls; default {@link JobWatch#DEFAULT_POLL_INTERVAL}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Checks.positive(interval, "pollInterval");
      return this;
    }

    /**
     * Builds; creates no client (that happens on first use).
     *
     * @throws IllegalStateException when the image is missing, or a volume root is given without
     *     a claim to map it onto
     */
    public KubernetesLaunchTarget build() {
      Checks.checkState(image != null, "image is required; call image(...) with the training "
          + "container image");
      Checks.checkState(volumeRoot == null || !claimName.isEmpty(), "volumeRoot(%s) maps local "
          + "paths onto a mounted claim, but no claim is mounted; call persistentVolumeClaim(...) "
          + "(--pvc) or drop volumeRoot(...) (--volume-root)", volumeRoot);
      return new KubernetesLaunchTarget(this);
    }
  }
}
