package org.biomedvital.tuning.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.biomedvital.VitalIoException;

/** Reads the lines appended to a log file since the last call (like {@code tail -f}). */
final class LogFollower {
  private final Path file;
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  LogFollower(Path file) {
    this(file, 0);
  }

  /** Follows {@code file} from byte {@code offset} (what an earlier job wrote is skipped). */
  LogFollower(Path file, long offset) {
    this.file = file;
    this.offset = Math.max(0, offset);
  }

  /**
   * The size of {@code file} now, 0 when it does not exist: the offset a new job starts at.
   *
   * @throws VitalIoException naming the file when it exists but its size cannot be read
   */
  static long sizeOf(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read the size of " + file + " (where the job's "
          + "output starts): " + e.getMessage(), e);
    }
  }

  /** Sends each complete new line to {@code sink}; with {@code flush}, also a final partial one. */
  void poll(Consumer<String> sink, boolean flush) {
    if (Files.isRegularFile(file)) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long len = f.length();
        if (len < offset) {
          offset = 0;
        }
        if (len > offset) {
          byte[] buf = new byte[(int) Math.min(len - offset, 16 * 1024 * 1024)];
          f.seek(offset);
          f.readFully(buf);
          offset += buf.length;
          partial.append(new String(buf, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        sink.accept("biomed-vital: cannot read log " + file + ": " + e.getMessage());
        return;
      }
    }
    int nl;
    while ((nl = indexOfLineEnd()) >= 0) {
      String line = partial.substring(0, nl);
      partial.delete(0, nl + 1);
      sink.accept(line);
    }
    if (flush && partial.length() > 0) {
      sink.accept(partial.toString());
      partial.setLength(0);
    }
  }

  private int indexOfLineEnd() {
    for (int i = 0; i < partial.length(); i++) {
      char c = partial.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }
}
