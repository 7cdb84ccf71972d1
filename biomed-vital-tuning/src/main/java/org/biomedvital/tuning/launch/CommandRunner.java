package org.biomedvital.tuning.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalIoException;

/** Runs a short cluster command ({@code sbatch}, {@code squeue}...) and captures its output. */
final class CommandRunner {
  /** What a command printed and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {}

  private final Map<String, String> environment;
  private final Duration timeout;

  CommandRunner(Map<String, String> environment, Duration timeout) {
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /**
   * Runs {@code command}.
   *
   * @throws TuningFailedException when it cannot start or times out
   * @throws VitalIoException naming the command when its output cannot be read
   */
  Result run(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new TuningFailedException("cannot run '" + command.get(0) + "': " + e.getMessage()
          + "; is the SLURM client installed and on PATH?", -1, List.of());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream(), command));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream(), command));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new TuningFailedException("'" + String.join(" ", command) + "' did not finish within "
            + timeout.toSeconds() + " s; is the cluster controller reachable?", -1, List.of());
      }
      return new Result(p.exitValue(), join(out), join(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new TuningFailedException("interrupted while running " + command.get(0), -1,
          List.of());
    }
  }

  private static String join(CompletableFuture<String> output) {
    try {
      return output.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static String read(InputStream in, List<String> command) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VitalIoException(Path.of(command.get(0)), "cannot read the output of '"
          + String.join(" ", command) + "': " + e.getMessage(), e);
    }
  }
}
