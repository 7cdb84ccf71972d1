package org.biomedvital.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code biomed-vital} command in a child JVM (java from {@code java.home}, the test classpath):
 * stdout, stderr and the SLF4J simple log (debug level) each go to a file next to {@code logBase}.
 *
 * @param process the child process
 * @param stdout the file its standard output goes to
 * @param stderr the file its standard error goes to
 * @param log the file its SLF4J log goes to
 */
record Child(Process process, Path stdout, Path stderr, Path log) {
  /** Starts {@code args} with {@code env} added to the environment. */
  static Child start(Path logBase, Map<String, String> env, List<String> args) {
    Path out = logBase.resolveSibling(logBase.getFileName() + ".out");
    Path err = logBase.resolveSibling(logBase.getFileName() + ".err");
    Path log = logBase.resolveSibling(logBase.getFileName() + ".log");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Duser.language=hi", "-Duser.country=IN",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
        "-Dorg.slf4j.simpleLogger.logFile=" + log,
        "-cp", System.getProperty("java.class.path"), ChildCli.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().putAll(env);
    try {
      return new Child(pb.start(), out, err, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the exit (at most {@code seconds}) and returns the code. */
  int await(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("child did not finish in " + seconds + " s; stderr:\n" + stderrText());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILLs the child and waits until it is gone. */
  void kill() {
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String stdoutText() {
    return read(stdout);
  }

  String stderrText() {
    return read(stderr);
  }

  String logText() {
    return read(log);
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
