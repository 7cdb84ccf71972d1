package org.biomedvital.tuning.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.biomedvital.VitalIoException;

/**
 * Finds the Hugging Face Trainer's {@code checkpoint-<step>} folders in an output folder; the
 * latest is what a resumed run continues from.
 */
public final class Checkpoints {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  private Checkpoints() {}

  /**
   * The checkpoint folders under {@code dir}, by ascending step; empty when {@code dir} is absent.
   *
   * @throws VitalIoException naming {@code dir} when it cannot be listed
   */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> step(p).isPresent())
          .sorted(Comparator.comparingLong(p -> step(p).orElseThrow())).toList();
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // An entry that cannot be read while the listing is walked.
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /** The checkpoint with the highest step, if any. */
  public static Optional<Path> latest(Path dir) {
    List<Path> all = list(dir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The step of a {@code checkpoint-<step>} folder name. */
  public static Optional<Long> step(Path checkpoint) {
    Path name = checkpoint.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    Matcher m = NAME.matcher(name.toString());
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }
}
