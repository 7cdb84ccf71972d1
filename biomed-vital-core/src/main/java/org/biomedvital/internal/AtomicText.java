package org.biomedvital.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.biomedvital.VitalIoException;
import org.biomedvital.io.AtomicFiles;

/**
 * The older name of {@link AtomicFiles}'s text writes, kept for the callers that still use it;
 * new code calls {@link AtomicFiles} directly.
 */
public final class AtomicText {
  private AtomicText() {}

  /**
   * Writes {@code text} (UTF-8) to {@code file}; see {@link AtomicFiles#writeString}.
   *
   * @throws VitalIoException naming the file when it cannot be written
   */
  public static void write(Path file, String text) {
    AtomicFiles.writeString(file, text);
  }

  /** Gives {@code file} mode {@code rw-r--r--}; see {@link AtomicFiles#readableByAll}. */
  public static void readableByAll(Path file) throws IOException {
    AtomicFiles.readableByAll(file);
  }
}
