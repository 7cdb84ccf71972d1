package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;

/**
 * The LLaVA-Med open visual chat questions (method.md 5.5): JSON lines of {@link QaQuestion}s.
 * Reading and writing back reproduces the official file byte for byte.
 */
public final class Qa50 {
  private Qa50() {}

  /** Opens a streaming reader. */
  public static RecordReader<QaQuestion> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(QaQuestion::map));
  }

  /** Reads every question strictly. */
  public static List<QaQuestion> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /** Opens a streaming JSON-lines writer. */
  public static RecordWriter<QaQuestion> writer(Path file) {
    return RecordWriter.open(file, Layout.JSONL, QaQuestion::writeTo, null);
  }
}
