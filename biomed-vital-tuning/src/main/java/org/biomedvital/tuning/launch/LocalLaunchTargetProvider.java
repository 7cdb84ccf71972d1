package org.biomedvital.tuning.launch;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.spi.LaunchTargetProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.LaunchTarget;

/** Provides {@link LocalLaunchTarget} as {@code local}; setting {@code grace} (e.g. {@code 10s}). */
public final class LocalLaunchTargetProvider extends DeclaredProvider<LaunchTarget>
    implements LaunchTargetProvider {
  /** For the service loader. */
  public LocalLaunchTargetProvider() {
    super("local", Set.of("grace"));
  }

  @Override
  public LaunchTarget create(ProviderSettings settings) {
    return new LocalLaunchTarget(settings.durationValue("grace", LocalLaunchTarget.DEFAULT_GRACE));
  }


  @Override
  public String description() {
    return "a process on this machine (setting: grace)";
  }
}
