package org.biomedvital.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes the parser pulls and fails once one record has pulled more than the limit
 * (plus the parser's read-ahead), so that a huge record is refused before it fills the heap.
 */
final class BoundedInput extends FilterInputStream {
  /** Thrown by this stream when one record has streamed past the limit. */
  static final class RecordTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(long limit) {
      super("record larger than " + limit + " bytes");
    }
  }

  private static final int READ_AHEAD = 1 << 16;
  private final long max;
  private long count;
  private long recordStart;

  BoundedInput(InputStream in, int max) {
    super(in);
    this.max = max;
  }

  void startRecord() {
    recordStart = count;
  }

  private void check() throws RecordTooLargeException {
    if (count - recordStart > max + READ_AHEAD) {
      throw new RecordTooLargeException(max);
    }
  }

  @Override
  public int read() throws IOException {
    check();
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    int n = super.read(b, off, len);
    if (n > 0) {
      count += n;
    }
    return n;
  }
}
