package org.biomedvital.tuning.llava;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.biomedvital.VitalIoException;
import org.biomedvital.io.AtomicFiles;
import org.biomedvital.tuning.LaunchSpec;

/**
 * A rendered training launch: the command (one argument per element; {@code $VAR} references are
 * expanded by the shell of the target), its environment, and the files it needs (the launcher
 * script {@code launch.sh}, a DeepSpeed config) by file name.
 *
 * @param command the command
 * @param environment environment variables to export
 * @param files file name to content
 * @param workDir the folder the command runs in (the training code checkout)
 */
public record RenderedLaunch(
    List<String> command, Map<String, String> environment, Map<String, String> files,
    Path workDir) {
  /** Copies (keeping file order). */
  public RenderedLaunch {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    Objects.requireNonNull(workDir, "workDir == null");
  }

  /** The command as one shell line, each argument quoted as needed. */
  public String commandLine() {
    return command.stream().map(RenderedLaunch::quote).collect(Collectors.joining(" "));
  }

  /** The command as a multi-line shell command with {@code \} continuations, one flag a line. */
  public String prettyCommandLine() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < command.size(); i++) {
      String a = command.get(i);
      if (i > 0) {
        boolean flag = a.startsWith("--") && !a.contains("=");
        sb.append(flag ? " \\\n    " : " ");
      }
      sb.append(quote(a));
    }
    return sb.toString();
  }

  /**
   * Quotes one shell word: bare when safe, in double quotes when it references {@code $VAR} (so the
   * target's shell expands it), else in single quotes.
   */
  public static String quote(String arg) {
    if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=,+@%-]+")) {
      return arg;
    }
    if (arg.matches(".*\\$\\{?[A-Za-z_][A-Za-z0-9_]*.*")) {
      return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + "\"";
    }
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }

  /**
   * Writes every file into {@code dir} (atomically; {@code .sh} files executable).
   *
   * @return the written paths by file name
   */
  public Map<String, Path> write(Path dir) {
    Map<String, Path> out = new LinkedHashMap<>();
    files.forEach((name, content) -> {
      Path p = dir.resolve(name);
      AtomicFiles.writeString(p, content);
      if (name.endsWith(".sh")) {
        try {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException | IOException e) {
          if (e instanceof IOException) {
            throw new VitalIoException(p, "cannot make " + p + " executable: " + e.getMessage(),
                (IOException) e);
          }
        }
      }
      out.put(name, p);
    });
    return out;
  }

  /** A launch spec of this command for a {@link org.biomedvital.tuning.LaunchTarget}. */
  public LaunchSpec toSpec(String name, Path logFile, int nodes, int gpusPerNode) {
    return new LaunchSpec(name, command, environment, workDir, logFile, nodes, gpusPerNode);
  }
}
