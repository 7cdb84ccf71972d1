package org.biomedvital.tuning.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.biomedvital.VitalIoException;

/** Crash-safe file writes: content goes to a temporary sibling that is moved into place. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a stream's content. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the content to {@code out}. */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes through {@code <file>.tmp} and moves it over {@code file}, creating parent folders.
   *
   * @throws VitalIoException naming the file when it cannot be written
   */
  public static void write(Path file, StreamWriter writer) {
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    try {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes UTF-8 text; see {@link #write(Path, StreamWriter)}. */
  public static void writeString(Path file, String text) {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
