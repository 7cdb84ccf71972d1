package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;

/** Model answer files (method.md 5.6): JSON lines of {@link AnswerRecord}s. */
public final class Answers {
  private Answers() {}

  /** Opens a streaming reader. */
  public static RecordReader<AnswerRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(AnswerRecord::map));
  }

  /** Reads every answer strictly. */
  public static List<AnswerRecord> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /** Opens a streaming JSON-lines writer. */
  public static RecordWriter<AnswerRecord> writer(Path file) {
    return RecordWriter.open(file, Layout.JSONL, AnswerRecord::writeTo, null);
  }
}
