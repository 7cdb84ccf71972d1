package org.biomedvital.journal;

import org.biomedvital.internal.Checks;

/**
 * How hard the journal pushes appends to the disk.
 *
 * @param fsyncEvery force the file to the device after this many appends (1: every record); 0
 *     never forces, leaving it to the operating system (a process kill loses nothing; a power cut
 *     may lose the last records)
 */
public record Durability(int fsyncEvery) {
  /** Every append is written to the OS at once; no fsync. Survives process kills. The default. */
  public static final Durability PROCESS_CRASH_SAFE = new Durability(0);

  /** Every append is forced to the device. Survives power loss; slow. */
  public static final Durability POWER_LOSS_SAFE = new Durability(1);

  /** Validates. */
  public Durability {
    Checks.nonNegative(fsyncEvery, "fsyncEvery");
  }

  /** Force the file to the device every {@code n} appends. */
  public static Durability fsyncEvery(int n) {
    return new Durability(Checks.positive(n, "n"));
  }
}
