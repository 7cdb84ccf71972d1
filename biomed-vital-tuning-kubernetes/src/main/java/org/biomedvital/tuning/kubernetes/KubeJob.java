package org.biomedvital.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.JobRecord;
import org.biomedvital.tuning.launch.JobState;
import org.biomedvital.tuning.launch.JobWatch;
import org.biomedvital.tuning.launch.LaunchSpecs;
import org.biomedvital.tuning.monitor.LogMonitor;

/**
 * A training job of {@link KubernetesLaunchTarget}: its state from the job's status conditions,
 * its log from the master pod (v1) or the node of index 0 (v2), cancelled by deleting the job.
 */
final class KubeJob implements ClusterJob {
  private final KubernetesClient client;
  private final ResourceDefinitionContext context;
  private final boolean trainJob;
  private final Duration pollInterval;
  private final JobRecord record;
  private final String ns;
  private final String name;
  private final long started = System.nanoTime();
  private volatile boolean cancelled;
  private int linesSeen;

  KubeJob(KubernetesClient client, KubernetesManifests manifests, Duration pollInterval,
      JobRecord record) {
    this.client = client;
    this.context = manifests.context();
    this.trainJob = manifests.trainJob();
    this.pollInterval = pollInterval;
    this.record = record;
    this.ns = record.namespace();
    this.name = record.id().substring(record.id().indexOf('/') + 1);
  }

  @Override
  public JobRecord record() {
    return record;
  }

  @Override
  public JobState state() {
    GenericKubernetesResource job = client.genericKubernetesResources(context)
        .inNamespace(ns).withName(name).get();
    if (job == null) {
      return cancelled ? new JobState(id(), TuningStatus.CANCELLED, "Deleted", 0, 0,
          "cancelled: the job was deleted", null, null)
          : new JobState(id(), TuningStatus.FAILED, "NotFound", -1, 0, "the job is gone "
              + "(deleted by someone else?)", null, null);
    }
    TuningStatus s = map(job);
    String explanation = s == TuningStatus.FAILED ? lastConditionMessage(job) + "; look at the "
        + "pods: kubectl -n " + ns + " describe " + context.getPlural() + " " + name : "";
    return new JobState(id(), s, lastCondition(job), s == TuningStatus.FAILED ? 1 : 0, 0,
        explanation, null, null);
  }

  private void pollLog(Consumer<String> sink) {
    List<Pod> pods = !trainJob
        ? client.pods().inNamespace(ns).withLabel(KubernetesLaunchTarget.JOB_NAME_LABEL, name)
            .withLabel(KubernetesLaunchTarget.REPLICA_TYPE_LABEL, "master").list().getItems()
        : client.pods().inNamespace(ns).withLabel(KubernetesLaunchTarget.JOBSET_NAME_LABEL, name)
            .withLabel(KubernetesLaunchTarget.COMPLETION_INDEX_LABEL, "0").list().getItems();
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
      throw LaunchSpecs.failure(record.name() + " (" + context.getKind() + " " + id() + ")", -1,
          Duration.ofNanos(System.nanoTime() - started), monitor.tail());
    }
    TuningResult r = new TuningResult(s, Path.of(""), monitor.summary());
    listener.onFinish(r);
    return r;
  }

  @Override
  public void cancel() {
    cancelled = true;
    client.genericKubernetesResources(context).inNamespace(ns).withName(name).delete();
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
}
