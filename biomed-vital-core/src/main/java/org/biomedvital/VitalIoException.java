package org.biomedvital;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file or folder could not be read, written or listed. The message names the path, says what was
 * being done and gives the operating system's reason; {@link #getCause()} is the {@link
 * IOException}.
 *
 * <p>Recovery: fix the path, its permissions or the free space, and run again; what was written
 * before the failure is kept.
 */
public class VitalIoException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates the exception.
   *
   * @param path the file or folder that failed
   * @param message what was being done, for example {@code "cannot write " + path}; the path is
   *     put in front when the message does not name it
   * @param cause the I/O failure
   */
  public VitalIoException(Path path, String message, IOException cause) {
    super(withPath(Objects.requireNonNull(path, "path == null"),
        Objects.requireNonNull(message, "message == null")), cause);
    this.path = path;
  }

  /** The file or folder that failed. */
  public Path path() {
    return path;
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }

  private static String withPath(Path path, String message) {
    return message.contains(path.toString()) ? message : path + ": " + message;
  }
}
