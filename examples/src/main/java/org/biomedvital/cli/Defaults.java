package org.biomedvital.cli;

/** Defaults shared by every command, so that one flag means one thing everywhere. */
public final class Defaults {
  /** The default of every {@code --seed}. */
  public static final String SEED = "42";

  private Defaults() {}
}
