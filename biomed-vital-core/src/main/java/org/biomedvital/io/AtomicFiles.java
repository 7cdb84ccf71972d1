package org.biomedvital.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.biomedvital.VitalIoException;

/**
 * Whole-file writes that a crash never leaves half done: the content goes to a temporary file
 * beside the target (a unique name, so two writers never share it), which is then moved into
 * place, atomically where the file system can. Folders are created as needed; a failed write
 * leaves the old content and no temporary file. The result is readable by group and others
 * ({@code rw-r--r--}) like any other output, not the owner-only mode of a temporary file.
 *
 * <pre>{@code
 * AtomicFiles.writeString(Path.of("out/report.json"), json);
 * AtomicFiles.write(Path.of("out/model.bin"), out -> model.save(out));
 * }</pre>
 *
 * <p>Thread-safe; concurrent writers of one file each replace it whole (the last move wins).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's content. */
  @FunctionalInterface
  public interface StreamWriter {
    /**
     * Writes the content to {@code out}; the stream is closed afterwards.
     *
     * @throws IOException when writing fails; the target then keeps its old content
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes what {@code writer} produces to {@code file}.
   *
   * @throws VitalIoException naming the file when it cannot be written ({@code "cannot write
   *     <file>: <reason>"})
   */
  public static void write(Path file, StreamWriter writer) {
    Path abs = file.toAbsolutePath();
    try {
      Path parent = abs.getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, "." + abs.getFileName(), ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          writer.write(out);
        }
        readableByAll(tmp);
        try {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code text} as UTF-8; see {@link #write(Path, StreamWriter)}. */
  public static void writeString(Path file, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(file, out -> out.write(bytes));
  }

  /**
   * Gives {@code file} mode {@code rw-r--r--} where the file system has POSIX modes (for callers
   * that write a temporary file themselves and move it into place).
   *
   * @throws IOException when the mode cannot be set
   */
  public static void readableByAll(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
