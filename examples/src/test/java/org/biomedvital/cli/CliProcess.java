package org.biomedvital.cli;

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
 * Runs {@code biomed-vital} as a real child process, {@code java -cp <the test class path>
 * org.biomedvital.cli.Main ...}: the real {@code main}, {@code System.exit} and process streams, as
 * a user's shell would. What a command prints without flushing is lost here as it is for users.
 */
final class CliProcess {
  /** What a run printed and returned. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private CliProcess() {}

  static Result run(Path workDir, String... args) {
    return run(workDir, Map.of(), args);
  }

  static Result run(Path workDir, Map<String, String> env, String... args) {
    return runMain(workDir, env, Main.class.getName(), args);
  }

  /** Runs {@code mainClass} of the test class path in a child JVM. */
  static Result runMain(Path workDir, Map<String, String> env, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.language=hi");
    cmd.add("-Duser.country=IN");
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Xmx1g");
    // Short runs: start fast (C1 only, serial GC); what is tested is the output, not the speed.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "stdout", ".txt");
      Path err = Files.createTempFile(workDir, "stderr", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("biomed-vital " + String.join(" ", args) + " ran over 5 minutes");
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The class path of this test run (surefire's, when it passes one), main classes first. */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
