package org.biomedvital.tuning.kubernetes;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.spi.LaunchTargetProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchTarget;

/**
 * Provides {@link KubernetesLaunchTarget} as {@code kubernetes} (client from kubeconfig); settings
 * {@code image} (required), {@code namespace}, {@code pvc}, {@code mount-path}, {@code
 * volume-root} (the local folder the claim holds), {@code train-job-runtime} (submit Kubeflow
 * Trainer v2 TrainJobs with this runtime), {@code service-account}, {@code poll}.
 */
public final class KubernetesLaunchTargetProvider extends DeclaredProvider<LaunchTarget>
    implements LaunchTargetProvider {
  /** For the service loader. */
  public KubernetesLaunchTargetProvider() {
    super("kubernetes",
        Set.of("image", "namespace", "pvc", "mount-path", "volume-root", "train-job-runtime",
            "service-account", "poll"));
  }

  @Override
  public LaunchTarget create(ProviderSettings s) {
    KubernetesLaunchTarget.Builder b = KubernetesLaunchTarget.builder().image(s.require("image"));
    s.get("namespace").ifPresent(b::namespace);
    if (s.get("mount-path").isPresent() && s.get("pvc").isEmpty()) {
      throw new IllegalArgumentException("setting 'mount-path' needs 'pvc', the claim to mount "
          + "there; add pvc=<claim> or drop mount-path");
    }
    s.get("pvc").ifPresent(c -> b.persistentVolumeClaim(c,
        s.get("mount-path").orElse(KubernetesLaunchTarget.DEFAULT_MOUNT_PATH)));
    s.pathValue("volume-root").ifPresent(b::volumeRoot);
    s.get("train-job-runtime").ifPresent(b::trainJob);
    s.get("service-account").ifPresent(b::serviceAccount);
    s.get("poll").ifPresent(v -> b.pollInterval(s.durationValue("poll", null)));
    return b.build();
  }

  @Override
  public String description() {
    return "a Kubeflow PyTorchJob, or a Trainer v2 TrainJob (settings: image, namespace, pvc, "
        + "mount-path, volume-root, train-job-runtime, service-account, poll)";
  }
}
