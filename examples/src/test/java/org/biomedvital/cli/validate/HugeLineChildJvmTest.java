package org.biomedvital.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.biomedvital.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 2: a 300 MB single-line file, read by the real command line in a child JVM with a
 * 256 MiB heap, ends in a one-line error naming file, line and limit and a non-zero exit, never an
 * {@code OutOfMemoryError} (the whole line used to be buffered before any limit applied).
 */
final class HugeLineChildJvmTest {
  private static final long SIZE = 300L * 1024 * 1024;

  @TempDir static Path dir;
  private static Path jsonl;
  private static Path array;

  @BeforeAll
  static void writeFiles() throws Exception {
    jsonl = write("huge.jsonl", "{\"id\": \"a#0\", \"image\": \"a.jpg\", \"fig_caption\": \"", "\"}\n");
    array = write("huge.json", "[{\"id\": \"a\", \"image\": \"a.jpg\", \"conversations\": "
        + "[{\"from\": \"human\", \"value\": \"", "\"}]}]\n");
  }

  private static Path write(String name, String head, String tail) throws Exception {
    Path f = dir.resolve(name);
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'x');
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      o.write(head.getBytes(StandardCharsets.UTF_8));
      for (long written = 0; written < SIZE; written += chunk.length) {
        o.write(chunk);
      }
      o.write(tail.getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  @Test
  void validateOfAHugeJsonLinesRecordIsAOneLineError() throws Exception {
    for (List<String> args : List.of(List.of("validate", jsonl.toString()),
        List.of("validate", "--kind", "samples", jsonl.toString()))) {
      Result r = runCli(args);
      assertThat(r.exit).as(r.output).isNotZero();
      assertThat(r.output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
      assertThat(r.output).containsPattern("(" + java.util.regex.Pattern.quote(jsonl + ":1: ")
          + "|line 1: error: )is longer than the record limit of [0-9]+ [KM]iB");
    }
  }

  @Test
  void validateOfAHugeJsonArrayRecordIsAOneLineError() throws Exception {
    Result r = runCli(List.of("validate", "--kind", "llava-instructions", array.toString()));
    assertThat(r.exit).as(r.output).isNotZero();
    assertThat(r.output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    assertThat(r.output).containsPattern("line 1: error: holds a record larger than the record "
        + "limit of [0-9]+ [KM]iB \\([0-9]+ bytes\\) \\(record 1\\)");
  }

  private record Result(int exit, String output) {}

  private static Result runCli(List<String> args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("BIOMEDVITAL_MAX_RECORD_BYTES");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
