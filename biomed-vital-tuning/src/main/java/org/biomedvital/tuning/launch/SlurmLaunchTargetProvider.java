package org.biomedvital.tuning.launch;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.spi.LaunchTargetProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchTarget;

/**
 * Provides {@link SlurmLaunchTarget} as {@code slurm}; settings {@code partition}, {@code account},
 * {@code time}, {@code cpus-per-task}, {@code bin-dir}, {@code poll} (e.g. {@code 30s}).
 */
public final class SlurmLaunchTargetProvider extends DeclaredProvider<LaunchTarget>
    implements LaunchTargetProvider {
  /** For the service loader. */
  public SlurmLaunchTargetProvider() {
    super("slurm", Set.of("partition", "account", "time", "cpus-per-task", "bin-dir", "poll"));
  }

  @Override
  public LaunchTarget create(ProviderSettings s) {
    SlurmLaunchTarget.Builder b = SlurmLaunchTarget.builder();
    s.get("partition").ifPresent(b::partition);
    s.get("account").ifPresent(b::account);
    s.get("time").ifPresent(b::timeLimit);
    s.get("cpus-per-task").ifPresent(v -> b.cpusPerTask(s.intValue("cpus-per-task", 0)));
    s.pathValue("bin-dir").ifPresent(b::binDir);
    s.get("poll").ifPresent(v -> b.pollInterval(s.durationValue("poll", null)));
    return b.build();
  }


  @Override
  public String description() {
    return "a SLURM batch job (settings: partition, account, time, cpus-per-task, bin-dir, poll)";
  }
}
