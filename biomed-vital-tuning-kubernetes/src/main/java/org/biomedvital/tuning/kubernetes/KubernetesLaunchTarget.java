package org.biomedvital.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.TuningFailedException;
import org.biomedvital.internal.Checks;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
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
public final class KubernetesLaunchTarget implements LaunchTarget, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesLaunchTarget.class);

  /** The PyTorchJob custom resource. */
  public static final ResourceDefinitionContext PYTORCH_JOB = new ResourceDefinitionContext.Builder()
      .withGroup("kubeflow.org").withVersion("v1").withKind("PyTorchJob")
      .withPlural("pytorchjobs").withNamespaced(true).build();

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

  /** The PyTorchJob for {@code spec}. */
  public GenericKubernetesResource renderJob(LaunchSpec spec) {
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

  /** The PyTorchJob for {@code spec} as YAML (for {@code kubectl apply -f}). */
  public String renderYaml(LaunchSpec spec) {
    return new KubernetesSerialization().asYaml(renderJob(spec));
  }

  private Map<String, Object> replica(LaunchSpec spec, int replicas) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "pytorch");
    container.put("image", image);
    container.put("imagePullPolicy", "IfNotPresent");
    container.put("command", List.of("bash", "-c", "exec " + String.join(" ",
        spec.command().stream().map(RenderedLaunch::quote).toList())));
    container.put("workingDir", spec.workDir().toString());
    List<Map<String, Object>> env = new ArrayList<>();
    spec.environment().forEach((k, v) -> env.add(ProviderSettings.isSecretKey(k)
        // Secrets come from a Kubernetes Secret, never from the manifest.
        ? Map.of("name", k, "valueFrom", Map.of("secretKeyRef", Map.of("name", secretName,
            "key", k.toLowerCase(Locale.ROOT).replace('_', '-'))))
        : Map.of("name", k, "value", v)));
    container.put("env", env);
    if (spec.gpusPerNode() > 0) {
      String gpus = Integer.toString(spec.gpusPerNode());
      container.put("resources", Map.of("limits", Map.of(gpuResource, gpus)));
    }
    Map<String, Object> podSpec = new LinkedHashMap<>();
    if (!claimName.isEmpty()) {
      container.put("volumeMounts", List.of(Map.of("name", "data", "mountPath", mountPath),
          Map.of("name", "dshm", "mountPath", "/dev/shm")));
      podSpec.put("volumes", List.of(
          Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", claimName)),
          Map.of("name", "dshm", "emptyDir", Map.of("medium", "Memory"))));
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
  public LaunchedJob launch(LaunchSpec spec) {
    GenericKubernetesResource job = renderJob(spec);
    try {
      client.genericKubernetesResources(PYTORCH_JOB).inNamespace(namespace).resource(job).create();
    } catch (KubernetesClientException e) {
      throw new TuningFailedException("cannot create PyTorchJob " + job.getMetadata().getName()
          + " in namespace " + namespace + " (HTTP " + e.getCode() + "): " + e.getMessage()
          + "; check that the Kubeflow training operator is installed and you may create "
          + "pytorchjobs there", -1, List.of());
    }
    LOG.info("created PyTorchJob {}/{}", namespace, job.getMetadata().getName());
    return new KubeJob(spec, job.getMetadata().getName());
  }

  /** Maps a PyTorchJob's status (its last true condition) to a status; PENDING when none. */
  @SuppressWarnings("unchecked") // the status of a generic resource is untyped JSON
  static TuningStatus map(GenericKubernetesResource job) {
    Object status = job.getAdditionalProperties().get("status");
    if (!(status instanceof Map)) {
      return TuningStatus.PENDING;
    }
    Object conditions = ((Map<String, Object>) status).get("conditions");
    TuningStatus result = TuningStatus.PENDING;
    if (conditions instanceof List) {
      for (Object c : (List<Object>) conditions) {
        if (!(c instanceof Map)) {
          continue;
        }
        Map<String, Object> m = (Map<String, Object>) c;
        if (!"True".equalsIgnoreCase(String.valueOf(m.get("status")))) {
          continue;
        }
        switch (String.valueOf(m.get("type"))) {
          case "Succeeded":
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
    }
    return result;
  }

  private final class KubeJob implements LaunchedJob {
    private final LaunchSpec spec;
    private final String name;
    private final long started = System.nanoTime();
    private volatile boolean cancelled;
    private int linesSeen;

    KubeJob(LaunchSpec spec, String name) {
      this.spec = spec;
      this.name = name;
    }

    @Override
    public String id() {
      return namespace + "/" + name;
    }

    @Override
    public TuningStatus status() {
      GenericKubernetesResource job = client.genericKubernetesResources(PYTORCH_JOB)
          .inNamespace(namespace).withName(name).get();
      if (job == null) {
        return cancelled ? TuningStatus.CANCELLED : TuningStatus.FAILED;
      }
      return map(job);
    }

    private void pollLog(LogMonitor monitor) {
      List<Pod> pods = client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, name)
          .withLabel(REPLICA_TYPE_LABEL, "master").list().getItems();
      if (pods.isEmpty()) {
        return;
      }
      String log;
      try {
        log = client.pods().inNamespace(namespace).withName(pods.get(0).getMetadata().getName())
            .getLog();
      } catch (KubernetesClientException e) {
        // The container may not have started yet.
        return;
      }
      List<String> lines = log == null ? List.of() : log.lines().toList();
      for (int i = linesSeen; i < lines.size(); i++) {
        monitor.accept(lines.get(i));
      }
      linesSeen = Math.max(linesSeen, lines.size());
    }

    @Override
    public TuningResult await(TuningListener listener) {
      LogMonitor monitor = new LogMonitor(listener, null, LaunchSpecs.globalBatch(spec));
      TuningStatus s;
      try {
        while (!(s = status()).isTerminal()) {
          pollLog(monitor);
          Thread.sleep(pollInterval.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        s = TuningStatus.CANCELLED;
      }
      if (s != TuningStatus.CANCELLED) {
        pollLog(monitor);
      }
      if (s == TuningStatus.FAILED) {
        throw LaunchSpecs.failure(spec.name() + " (PyTorchJob " + id() + ")", -1,
            Duration.ofNanos(System.nanoTime() - started), monitor.tail());
      }
      TuningResult r = new TuningResult(s, LaunchSpecs.outputDir(spec), monitor.summary());
      listener.onFinish(r);
      return r;
    }

    @Override
    public void cancel() {
      cancelled = true;
      client.genericKubernetesResources(PYTORCH_JOB).inNamespace(namespace).withName(name)
          .delete();
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

    /** Mounts a persistent volume claim (data, images, output) at {@code mountPath}. */
    public Builder persistentVolumeClaim(String claimName, String mountPath) {
      this.claimName = Checks.notBlank(claimName, "claimName");
      this.mountPath = Checks.notBlank(mountPath, "mountPath");
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
