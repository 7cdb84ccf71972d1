package org.biomedvital.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.biomedvital.VitalException;

/**
 * Whole-file writes that a crash never leaves half done: the text goes to a temporary file beside
 * the target, which is then moved into place. The result is readable by group and others ({@code
 * rw-r--r--}) like any other output, not the owner-only mode of a temporary file.
 */
public final class AtomicText {
  private AtomicText() {}

  /**
   * Writes {@code text} (UTF-8) to {@code file}, creating its folder.
   *
   * @throws VitalException naming the file when it cannot be written
   */
  public static void write(Path file, String text) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        readableByAll(tmp);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new VitalException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Gives {@code file} mode {@code rw-r--r--} where the file system has POSIX modes. */
  public static void readableByAll(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
