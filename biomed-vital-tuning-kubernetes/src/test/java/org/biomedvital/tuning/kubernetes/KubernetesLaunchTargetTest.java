package org.biomedvital.tuning.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.biomedvital.TuningFailedException;
import org.biomedvital.tuning.launch.ClusterJob;
import org.biomedvital.tuning.launch.RecordingListener;
import org.biomedvital.tuning.LaunchSpec;
import org.biomedvital.tuning.LaunchedJob;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LauncherKind;
import org.biomedvital.tuning.llava.LlavaCodebase;
import org.biomedvital.tuning.llava.LlavaLaunchRenderer;
import org.biomedvital.tuning.llava.LlavaMedRecipe;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
final class KubernetesLaunchTargetTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  // Held so that the level sticks: the mock server logs every request at INFO through JUL.
  static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  private static LaunchSpec spec(String name, int nodes) {
    LlavaMedRecipe recipe = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_1_5, 2).nodes(nodes)
        .gpusPerNode(8).build();
    TuningJob job = TuningJob.builder().data(Path.of("/data/train.json"))
        .imageFolder(Path.of("/data/images")).outputDir(Path.of("/data/runs/" + name))
        .baseModel("/data/models/vicuna").build();
    return new LlavaLaunchRenderer(recipe, Path.of("/workspace/LLaVA"))
        .render(job, LauncherKind.KUBERNETES)
        .toSpec(name, Path.of("/data/runs/" + name + "/train.log"), nodes, 8);
  }

  private KubernetesLaunchTarget target() {
    return KubernetesLaunchTarget.builder().client(client).namespace("ml")
        .image("ghcr.io/lab/llava:1.5").persistentVolumeClaim("vital-data", "/data")
        .pollInterval(Duration.ofMillis(50)).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  @SuppressWarnings("unchecked") // the generic resource's spec is untyped JSON
  void rendersAPyTorchJobWithMasterWorkersGpusAndTheCommand() {
    GenericKubernetesResource job = target().renderJob(spec("Vital Stage_2", 3));

    assertThat(job.getApiVersion()).isEqualTo("kubeflow.org/v1");
    assertThat(job.getKind()).isEqualTo("PyTorchJob");
    assertThat(job.getMetadata().getName()).isEqualTo("vital-stage-2");
    Map<String, Object> replicas = map(map(job.getAdditionalProperties().get("spec"))
        .get("pytorchReplicaSpecs"));
    assertThat(map(replicas.get("Master")).get("replicas")).isEqualTo(1);
    assertThat(map(replicas.get("Worker")).get("replicas")).isEqualTo(2);
    Map<String, Object> pod = map(map(map(replicas.get("Master")).get("template")).get("spec"));
    Map<String, Object> container = map(((List<Object>) pod.get("containers")).get(0));
    assertThat(container.get("name")).isEqualTo("pytorch");
    assertThat(container.get("image")).isEqualTo("ghcr.io/lab/llava:1.5");
    assertThat(map(map(container.get("resources")).get("limits"))).containsEntry("nvidia.com/gpu",
        "8");
    assertThat((List<String>) container.get("command")).hasSize(3).first().isEqualTo("bash");
    assertThat(((List<String>) container.get("command")).get(2)).startsWith("exec torchrun "
        + "--nnodes=3 --nproc_per_node=8 \"--node_rank=$RANK\" \"--master_addr=$MASTER_ADDR\" "
        + "\"--master_port=$MASTER_PORT\" llava/train/train_mem.py ")
        .contains("--deepspeed '/data/runs/Vital Stage_2/ds_config.json'");
    assertThat(target().renderYaml(spec("s", 1))).contains("kind: \"PyTorchJob\"")
        .contains("claimName: \"vital-data\"").doesNotContain("Worker");
  }

  @Test
  void secretsComeFromAKubernetesSecretNotTheManifest() {
    LaunchSpec spec = new LaunchSpec("s", List.of("python", "train.py"),
        Map.of("WANDB_API_KEY", "sk-very-secret"), Path.of("/w"), Path.of("/w/log"), 1, 0);

    String yaml = target().renderYaml(spec);

    assertThat(yaml).doesNotContain("sk-very-secret").contains("secretKeyRef")
        .contains("name: \"biomed-vital-secrets\"").contains("key: \"wandb-api-key\"");
  }

  private void operator(String name, String finalCondition, String log) {
    CompletableFuture.runAsync(() -> {
      try {
        GenericKubernetesResource job = null;
        while (job == null) {
          job = client.genericKubernetesResources(KubernetesLaunchTarget.PYTORCH_JOB)
              .inNamespace("ml").withName(name).get();
          Thread.sleep(20);
        }
        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
            .withName(name + "-master-0").addToLabels(KubernetesLaunchTarget.JOB_NAME_LABEL, name)
            .addToLabels(KubernetesLaunchTarget.REPLICA_TYPE_LABEL, "master").endMetadata()
            .build()).create();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/" + name + "-master-0/log"
            + "?pretty=false").andReturn(200, log).always();
        setCondition(name, "Running");
        Thread.sleep(300);
        setCondition(name, finalCondition);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private static void setCondition(String name, String type) {
    GenericKubernetesResource job = client.genericKubernetesResources(
        KubernetesLaunchTarget.PYTORCH_JOB).inNamespace("ml").withName(name).get();
    if (job == null) {
      return;
    }
    job.getAdditionalProperties().put("status", Map.of("conditions", List.of(
        Map.of("type", "Created", "status", "True"), Map.of("type", type, "status", "True"))));
    client.genericKubernetesResources(KubernetesLaunchTarget.PYTORCH_JOB).inNamespace("ml")
        .resource(job).update();
  }

  @Test
  void submitsWatchesStatusAndStreamsTheMasterLog() {
    RecordingListener rec = new RecordingListener();
    LaunchedJob job = target().launch(spec("ok", 2));
    operator("ok", "Succeeded", "step one\n{'loss': 2.5, 'learning_rate': 2e-05, 'epoch': 0.5}\n"
        + "{'loss': 1.5, 'learning_rate': 1e-05, 'epoch': 1.0}\n"
        + "{'train_runtime': 12.0, 'train_loss': 2.0, 'epoch': 1.0}\n");

    TuningResult result = job.await(rec);

    assertThat(job.id()).isEqualTo("ml/ok");
    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.progress).extracting(p -> p.loss()).containsExactly(2.5, 1.5);
    assertThat(rec.lines).containsOnlyOnce("step one");
    assertThat(result.metrics()).containsEntry("train_loss", 2.0);
    assertThat(client.genericKubernetesResources(KubernetesLaunchTarget.PYTORCH_JOB)
        .inNamespace("ml").withName("ok").get()).isNotNull();
  }

  @Test
  void aFailedJobRaisesWithTheLogTail() {
    LaunchedJob job = target().launch(spec("bad", 1));
    operator("bad", "Failed", "loading\ntorch.OutOfMemoryError: CUDA out of memory\n");

    assertThatThrownBy(() -> job.await(TuningListener.NONE))
        .isInstanceOfSatisfying(TuningFailedException.class, e -> {
          assertThat(e.getMessage()).startsWith("bad (PyTorchJob ml/bad) exited with code -1");
          assertThat(e.logTail()).containsExactly("loading",
              "torch.OutOfMemoryError: CUDA out of memory");
        });
  }

  @Test
  void cancelDeletesTheJob() throws Exception {
    LaunchedJob job = target().launch(spec("stop", 1));
    CompletableFuture<TuningResult> result = CompletableFuture.supplyAsync(
        () -> job.await(TuningListener.NONE));

    job.cancel();

    assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(client.genericKubernetesResources(KubernetesLaunchTarget.PYTORCH_JOB)
        .inNamespace("ml").withName("stop").get()).isNull();
  }

  @Test
  void aRejectedCreateSaysWhatToCheck() {
    target().launch(spec("twice", 1));

    assertThatThrownBy(() -> target().launch(spec("twice", 1)))
        .isInstanceOf(TuningFailedException.class)
        .hasMessageContaining("cannot create PyTorchJob twice in namespace ml (HTTP 409)")
        .hasMessageContaining("training operator is installed");
  }

  @Test
  @SuppressWarnings("unchecked") // the generic resource's spec is untyped JSON
  void localPathsUnderTheVolumeRootAreMappedOntoTheMountAndTheWorkingDirIsAbsolute() {
    KubernetesLaunchTarget t = KubernetesLaunchTarget.builder().client(client).namespace("ml")
        .image("ghcr.io/lab/llava-med:1.0").persistentVolumeClaim("vital-data", "/data")
        .volumeRoot(Path.of("/mnt/nfs/vital")).build();
    LlavaMedRecipe recipe = LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2).nodes(1)
        .gpusPerNode(8).pretrainedProjector("/mnt/nfs/vital/runs/s1/mm_projector.bin").build();
    TuningJob job = TuningJob.builder().data(Path.of("/mnt/nfs/vital/train.json"))
        .imageFolder(Path.of("/mnt/nfs/vital/images")).outputDir(Path.of("/mnt/nfs/vital/runs/s2"))
        .baseModel("microsoft/llava-med-7b-delta").build();
    LaunchSpec spec = new LlavaLaunchRenderer(recipe, Path.of("/mnt/nfs/vital/LLaVA-Med"))
        .render(job, LauncherKind.KUBERNETES)
        .toSpec("s2", Path.of("/mnt/nfs/vital/runs/s2/train.log"), 1, 8);

    GenericKubernetesResource rendered = t.renderJob(spec);
    Map<String, Object> pod = map(map(map(map(map(rendered.getAdditionalProperties().get("spec"))
        .get("pytorchReplicaSpecs")).get("Master")).get("template")).get("spec"));
    Map<String, Object> container = map(((List<Object>) pod.get("containers")).get(0));
    String command = ((List<String>) container.get("command")).get(2);

    assertThat(container.get("workingDir")).isEqualTo("/data/LLaVA-Med");
    assertThat(command).contains("--data_path /data/train.json --image_folder /data/images")
        .contains("--pretrain_mm_mlp_adapter /data/runs/s1/mm_projector.bin")
        .contains("--output_dir /data/runs/s2").doesNotContain("/mnt/nfs");
    for (String flag : KubernetesManifests.PATH_FLAGS) {
      if (command.contains(flag + " ")) {
        assertThat(command.split(flag + " ")[1]).as(flag).startsWith("/data/");
      }
    }
    assertThat(t.checkpointLocation(spec)).isEqualTo("claim 'vital-data' at /data/runs/s2 "
        + "(/mnt/nfs/vital/runs/s2 on this machine)");
  }

  @Test
  void aPlanWhosePathsThePodCannotReachIsRefusedWithTheFix() {
    TuningJob job = TuningJob.builder().data(Path.of("/home/me/data.json"))
        .imageFolder(Path.of("/data/images")).outputDir(Path.of("/home/me/out"))
        .baseModel("m").build();
    LaunchSpec spec = new LlavaLaunchRenderer(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1,
        2).gpusPerNode(8).build(), Path.of("/workspace/LLaVA-Med"))
        .render(job, LauncherKind.KUBERNETES).toSpec("x", Path.of("/home/me/out/train.log"), 1, 8);

    assertThatThrownBy(() -> target().renderJob(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the pod cannot reach --data_path /home/me/data.json, --output_dir "
            + "/home/me/out").hasMessageContaining("claim 'vital-data' at /data")
        .hasMessageContaining("--volume-root");
    KubernetesLaunchTarget noClaim = KubernetesLaunchTarget.builder().client(client)
        .image("i").build();
    assertThatThrownBy(() -> noClaim.renderJob(spec))
        .hasMessageContaining("no persistent volume claim is mounted");
    LaunchSpec relative = new LaunchSpec("r", List.of("python", "train.py"), Map.of(),
        Path.of("."), Path.of("log"), 1, 0);
    assertThatThrownBy(() -> target().renderJob(relative))
        .hasMessageContaining("working directory must be absolute").hasMessageContaining("--code-dir");
  }

  @Test
  void aJobCanBeFoundAgainByIdQueriedAndCancelled() {
    KubernetesLaunchTarget t = target();
    var launched = t.launch(spec("again", 1));

    var attached = t.attach(org.biomedvital.tuning.launch.JobRecord.ofId("kubernetes",
        launched.id()));
    assertThat(attached.id()).isEqualTo("ml/again");
    assertThat(attached.state().status()).isEqualTo(TuningStatus.PENDING);
    setCondition("again", "Failed");
    assertThat(attached.state().status()).isEqualTo(TuningStatus.FAILED);
    assertThat(attached.state().explanation()).contains("kubectl -n ml describe pytorchjobs again");
    attached.cancel();
    assertThat(attached.state().status()).isEqualTo(TuningStatus.CANCELLED);
    assertThatThrownBy(() -> t.attach(org.biomedvital.tuning.launch.JobRecord.ofId("kubernetes",
        "ml/nope"))).hasMessageContaining("no PyTorchJob ml/nope");
  }

  @Test
  @SuppressWarnings("unchecked") // the generic resource's spec is untyped JSON
  void rendersAndSubmitsAKubeflowTrainerV2TrainJobAndFollowsItToCompletion() throws Exception {
    KubernetesLaunchTarget v2 = KubernetesLaunchTarget.builder().client(client).namespace("ml")
        .image("ghcr.io/lab/llava:1.5").persistentVolumeClaim("vital-data", "/data")
        .trainJob("torch-distributed").pollInterval(Duration.ofMillis(50)).build();
    LaunchSpec spec = spec("v2", 2);

    GenericKubernetesResource rendered = v2.renderJob(spec);
    assertThat(rendered.getApiVersion()).isEqualTo("trainer.kubeflow.org/v1alpha1");
    assertThat(rendered.getKind()).isEqualTo("TrainJob");
    Map<String, Object> jobSpec = map(rendered.getAdditionalProperties().get("spec"));
    assertThat(map(jobSpec.get("runtimeRef"))).containsEntry("name", "torch-distributed");
    Map<String, Object> trainer = map(jobSpec.get("trainer"));
    assertThat(trainer).containsEntry("numNodes", 2).containsEntry("image",
        "ghcr.io/lab/llava:1.5");
    assertThat(map(map(trainer.get("resourcesPerNode")).get("limits")))
        .containsEntry("nvidia.com/gpu", "8");
    assertThat(((List<String>) trainer.get("command")).get(2))
        .startsWith("export RANK=\"$PET_NODE_RANK\" MASTER_ADDR=\"$PET_MASTER_ADDR\" "
            + "MASTER_PORT=\"$PET_MASTER_PORT\"; cd /workspace/LLaVA && exec torchrun ")
        .contains("--output_dir /data/runs/v2");
    Map<String, Object> override = map(((List<Object>) jobSpec.get("podSpecOverrides")).get(0));
    assertThat((List<Object>) override.get("targetJobs")).containsExactly(Map.of("name", "node"));
    assertThat(override.get("volumes").toString()).contains("claimName=vital-data");
    assertThat(override.get("containers").toString()).contains("mountPath=/data");

    ClusterJob job = v2.launch(spec);
    CompletableFuture.runAsync(() -> {
      try {
        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
            .withName("v2-node-0-0").addToLabels(KubernetesLaunchTarget.JOBSET_NAME_LABEL, "v2")
            .addToLabels(KubernetesLaunchTarget.COMPLETION_INDEX_LABEL, "0").endMetadata()
            .build()).create();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/v2-node-0-0/log?pretty=false")
            .andReturn(200, "{'loss': 2.5, 'learning_rate': 1e-05, 'epoch': 0.1}\n").always();
        Thread.sleep(300);
        GenericKubernetesResource j = client.genericKubernetesResources(
            KubernetesLaunchTarget.TRAIN_JOB).inNamespace("ml").withName("v2").get();
        j.getAdditionalProperties().put("status", Map.of("conditions", List.of(
            Map.of("type", "Complete", "status", "True"))));
        client.genericKubernetesResources(KubernetesLaunchTarget.TRAIN_JOB).inNamespace("ml")
            .resource(j).update();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    RecordingListener rec = new RecordingListener();

    TuningResult result = job.await(rec);

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(rec.progress).extracting(p -> p.loss()).containsExactly(2.5);
    assertThat(job.id()).isEqualTo("ml/v2");
  }

  @Test
  void toBuilderKeepsEverySettingAndSharesTheClient() {
    KubernetesLaunchTarget t = KubernetesLaunchTarget.builder().client(client).namespace("ml")
        .image("ghcr.io/lab/llava:1.5").persistentVolumeClaim("vital-data", "/data")
        .volumeRoot(Path.of("/mnt/vital")).gpuResource("amd.com/gpu").serviceAccount("trainer")
        .nodeSelector("pool", "a100").nodeSelector("zone", "b").secretName("keys")
        .pollInterval(Duration.ofMillis(50)).build();
    LaunchSpec spec = spec("copy", 2);

    assertThat(t.toBuilder().build().renderYaml(spec)).isEqualTo(t.renderYaml(spec));
    assertThat(t.toBuilder().namespace("other").build().renderYaml(spec))
        .contains("namespace: \"other\"").isNotEqualTo(t.renderYaml(spec));
    KubernetesLaunchTarget v2 = t.toBuilder().trainJob("torch-distributed").build();
    assertThat(v2.toBuilder().build().renderYaml(spec)).isEqualTo(v2.renderYaml(spec))
        .contains("kind: \"TrainJob\"");
    // The copy uses the same client: it sees the job the original created.
    t.toBuilder().build().launch(spec("shared", 1));
    assertThat(client.genericKubernetesResources(KubernetesLaunchTarget.PYTORCH_JOB)
        .inNamespace("ml").withName("shared").get()).isNotNull();
  }

  @Test
  void aVolumeRootWithoutAClaimIsRejectedAndBuildCreatesNoClient() {
    assertThatThrownBy(() -> KubernetesLaunchTarget.builder().image("i")
        .volumeRoot(Path.of("/mnt/vital")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no claim is mounted; call persistentVolumeClaim(...) (--pvc) or "
            + "drop volumeRoot(...) (--volume-root)");
    assertThatThrownBy(() -> KubernetesLaunchTarget.builder().image("i")
        .pollInterval(Duration.ZERO)).hasMessage("pollInterval must be > 0 but was PT0S");
    // No kubeconfig is read to build or render; closing a target that made no client is a no-op.
    try (KubernetesLaunchTarget t = KubernetesLaunchTarget.builder().image("i")
        .persistentVolumeClaim("vital-data", "/data").build()) {
      assertThat(t.renderYaml(spec("offline", 1))).contains("kind: \"PyTorchJob\"");
    }
  }
}
