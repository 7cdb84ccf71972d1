package org.biomedvital.reliability;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.biomedvital.cli.Main;

/**
 * The entry point of a child JVM in the reliability tests: runs one command through
 * {@link Main#run(PrintWriter, PrintWriter, String...)} and exits with its code, so that a test can
 * set environment variables, capture every byte of output and logs, and kill the process.
 */
public final class ChildCli {
  private ChildCli() {}

  /** Runs {@code args} as a {@code biomed-vital} command line and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code;
    try {
      code = Main.run(out, err, args);
    } catch (Throwable t) {
      err.println("uncaught: " + t);
      t.printStackTrace(err);
      code = 99;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }
}
