package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;

/** Judge review files (method.md 5.6): JSON lines of {@link ReviewRecord}s. */
public final class Reviews {
  private Reviews() {}

  /** Opens a streaming reader. */
  public static RecordReader<ReviewRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(ReviewRecord::map));
  }

  /** Reads every review strictly. */
  public static List<ReviewRecord> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /** Opens a streaming JSON-lines writer. */
  public static RecordWriter<ReviewRecord> writer(Path file) {
    return RecordWriter.open(file, Layout.JSONL, ReviewRecord::writeTo, null);
  }
}
