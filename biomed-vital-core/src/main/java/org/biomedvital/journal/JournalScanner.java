package org.biomedvital.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.biomedvital.internal.LineReader;

/**
 * Splits a journal file into lines with exact byte offsets, for {@link Journal}'s recovery (which
 * must know where a torn last line starts to cut it) and its reads. Package-private.
 */
final class JournalScanner {
  private JournalScanner() {}

  /** The text a scan gives for a line longer than the record limit (never buffered whole). */
  static final String TOO_LONG = new String("\u0000too long");

  /** Receives one line of a scan. */
  interface LineSink {
    /**
     * One line: its 1-based number, its text (null when it is not valid UTF-8), whether a '\n'
     * ended it, and the byte offset just after it (after the '\n' when there is one).
     */
    void accept(long lineNo, String text, boolean terminated, long end) throws IOException;
  }

  /**
   * Splits the first {@code limit} bytes into lines on '\n', counting exact byte offsets (never
   * re-encoding decoded text, which would drift on invalid bytes), and decodes each line strictly.
   */
  static void scan(InputStream in, long limit, LineSink sink) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int maxLine = LineReader.defaultMaxRecordBytes();
    ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    boolean over = false;
    byte[] chunk = new byte[1 << 16];
    long read = 0;
    long lineNo = 0;
    int n;
    while (read < limit && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - read))) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          over = append(line, chunk, start, i - start, over, maxLine);
          sink.accept(++lineNo, over ? TOO_LONG : decode(decoder, line), true, read + i + 1);
          line.reset();
          over = false;
          start = i + 1;
        }
      }
      over = append(line, chunk, start, n - start, over, maxLine);
      read += n;
    }
    if (over || line.size() > 0) {
      sink.accept(++lineNo, over ? TOO_LONG : decode(decoder, line), false, read);
    }
  }

  /** Buffers a line's bytes until it is longer than the limit; then only says it is. */
  private static boolean append(ByteArrayOutputStream line, byte[] b, int off, int len,
      boolean over, int max) {
    if (over || line.size() + (long) len > max) {
      line.reset();
      return true;
    }
    line.write(b, off, len);
    return false;
  }

  private static String decode(CharsetDecoder decoder, ByteArrayOutputStream bytes) {
    try {
      return decoder.reset().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
