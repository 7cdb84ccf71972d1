package org.biomedvital.journal;

import java.time.Duration;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * How hard the journal pushes appends to the disk. Every append is handed to the operating system
 * at once (nothing is buffered in the JVM), so a killed process never loses a completed append;
 * forcing the file to the device ({@code fsync}) additionally protects against power loss and
 * operating-system crashes, at a cost per call.
 *
 * @param fsyncEvery force the file to the device after this many appends (1: every record); 0
 *     counts no appends
 * @param maxDelay force the file to the device at the first append that comes this long after the
 *     last force; {@link Duration#ZERO} disables the time rule
 */
public record Durability(int fsyncEvery, Duration maxDelay) {
  /** Appends go to the OS at once; never forced. Survives process kills. The default. */
  public static final Durability PROCESS_CRASH_SAFE = new Durability(0, Duration.ZERO);

  /** Every append is forced to the device. Survives power loss; slow (one fsync per record). */
  public static final Durability POWER_LOSS_SAFE = new Durability(1, Duration.ZERO);

  /** Validates. */
  public Durability {
    Checks.nonNegative(fsyncEvery, "fsyncEvery");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must be >= 0 but was " + maxDelay);
    }
  }

  /** Forces the file to the device every {@code fsyncEvery} appends (0: never); no time rule. */
  public Durability(int fsyncEvery) {
    this(fsyncEvery, Duration.ZERO);
  }

  /** Forces the file to the device every {@code n} appends. */
  public static Durability fsyncEvery(int n) {
    return new Durability(Checks.positive(n, "n"), Duration.ZERO);
  }

  /**
   * Forces the file to the device at the first append at least {@code delay} after the last force:
   * a power cut loses at most about {@code delay} of work.
   */
  public static Durability fsyncAtMostEvery(Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isZero() || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be > 0 but was " + delay);
    }
    return new Durability(0, delay);
  }

  /** Whether this policy ever forces the file to the device. */
  public boolean forces() {
    return fsyncEvery > 0 || !maxDelay.isZero();
  }
}
