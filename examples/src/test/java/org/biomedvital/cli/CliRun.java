package org.biomedvital.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the command line: its exit code and what it printed.
 *
 * @param code the exit code
 * @param stdout what it printed to standard output
 * @param stderr what it printed to standard error
 */
public record CliRun(int code, String stdout, String stderr) {
  /** Runs {@code biomed-vital args...} in this JVM through {@link Main#run}. */
  public static CliRun of(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
    return new CliRun(code, o.toString(), e.toString());
  }
}
