package org.biomedvital.cli;

/**
 * Base of tests that run {@code biomed-vital} in this JVM ({@link CliRun#of}) and then check what
 * the last run printed.
 */
public abstract class InProcessCli {
  /** What the last {@link #run} printed to standard output. */
  protected String stdout;
  /** What the last {@link #run} printed to standard error. */
  protected String stderr;

  /** Runs {@code biomed-vital args...}, keeps its output and returns its exit code. */
  protected int run(String... args) {
    CliRun r = CliRun.of(args);
    stdout = r.stdout();
    stderr = r.stderr();
    return r.code();
  }
}
