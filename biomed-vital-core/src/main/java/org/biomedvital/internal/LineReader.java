package org.biomedvital.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import org.biomedvital.InvalidDataException;

/**
 * Reads a UTF-8 text file line by line on bytes, with exact line numbers and a bounded record size.
 *
 * <ul>
 *   <li>Lines end at {@code '\n'} (a {@code "\r\n"} ending loses its {@code '\r'}); each line is
 *       decoded on its own, so invalid UTF-8 is reported at the line that holds it (a decoding
 *       reader fails while filling its buffer, often many lines earlier).
 *   <li>A line longer than {@link #maxBytes()} is never buffered whole: reading it throws at once,
 *       and the next {@link #readLine()} skips the rest of it.
 *   <li>A bad line throws {@link InvalidDataException} naming source and line, after which the
 *       reader stands on the next line: lenient callers record the problem and go on.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class LineReader implements Closeable {
  /** The system property that sets the record limit in bytes (e.g. {@code 268435456}). */
  public static final String MAX_RECORD_PROPERTY = "biomedvital.maxRecordBytes";

  /** The environment variable that sets the record limit when the property is not given. */
  public static final String MAX_RECORD_ENV = "BIOMEDVITAL_MAX_RECORD_BYTES";

  /** The largest default record limit: 64 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;

  private final InputStream in;
  private final String source;
  private final int maxBytes;
  private final byte[] buf = new byte[1 << 16];
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[1024];
  private CharBuffer chars = CharBuffer.allocate(1024);
  private int pos;
  private int limit;
  private long lineNo;
  private long offset;
  private boolean skipping;
  private boolean eof;

  /**
   * A reader of {@code in} (which it closes) with the given record limit.
   *
   * @param source the file name used in messages
   * @param maxBytes the longest line accepted, in bytes
   */
  public LineReader(InputStream in, String source, int maxBytes) {
    this.in = in;
    this.source = source;
    Checks.checkArgument(maxBytes > 0, "maxBytes must be positive but was %s", maxBytes);
    this.maxBytes = maxBytes;
  }

  /** A reader of {@code in} with the {@linkplain #defaultMaxRecordBytes() default limit}. */
  public LineReader(InputStream in, String source) {
    this(in, source, defaultMaxRecordBytes());
  }

  /**
   * The record limit readers use: {@value #MAX_RECORD_PROPERTY} (or {@value #MAX_RECORD_ENV}) when
   * set, else a sixteenth of the heap, at most {@link #DEFAULT_MAX_RECORD_BYTES}.
   *
   * @throws IllegalArgumentException when the setting is not a positive whole number of bytes
   */
  public static int defaultMaxRecordBytes() {
    long max = Integer.MAX_VALUE - 16;
    OptionalLong set = LimitSetting.positive(
        MAX_RECORD_PROPERTY, MAX_RECORD_ENV, max, "bytes (at most " + max + ")");
    if (set.isPresent()) {
      return (int) set.getAsLong();
    }
    return (int) Math.min(DEFAULT_MAX_RECORD_BYTES, Runtime.getRuntime().maxMemory() / 16);
  }

  /** {@code "32 MiB (33554432 bytes)"}: a limit as messages show it. */
  public static String describeLimit(long bytes) {
    String size = bytes >= 1 << 20 && bytes % (1 << 20) == 0
        ? (bytes >> 20) + " MiB"
        : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    return size.endsWith("bytes") ? size
        : size + " (" + String.format(Locale.ROOT, "%d", bytes) + " bytes)";
  }

  /** The advice that ends a too-large message: how to raise the limit. */
  public static String raiseAdvice() {
    return "split the record, or raise the limit with -D" + MAX_RECORD_PROPERTY
        + "=BYTES (or " + MAX_RECORD_ENV + ") and a larger heap";
  }

  /** The record limit of this reader, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /** The 1-based number of the line last read (0 before the first). */
  public long lineNumber() {
    return lineNo;
  }

  /** The byte offset just after the line last read (after its {@code '\n'} when it had one). */
  public long offset() {
    return offset;
  }

  /**
   * The next line without its line end, or null at the end of the input.
   *
   * @throws InvalidDataException when the line is longer than the limit or not valid UTF-8; the
   *     reader has then moved past it (the rest of a long line is skipped by the next call)
   * @throws IOException when the input cannot be read
   */
  public String readLine() throws IOException {
    if (skipping) {
      skipRest();
    }
    int len = 0;
    boolean ascii = true;
    while (true) {
      if (pos == limit && !fill()) {
        if (len == 0) {
          return null;
        }
        lineNo++;
        return decode(len, ascii);
      }
      int start = pos;
      int end = start;
      int bits = 0;
      while (end < limit && buf[end] != '\n') {
        bits |= buf[end];
        end++;
      }
      int n = end - start;
      if ((long) len + n > maxBytes) {
        lineNo++;
        offset += end - start;
        pos = end;
        skipping = true;
        throw tooLong();
      }
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(len + n, line.length * 2)));
      }
      System.arraycopy(buf, start, line, len, n);
      len += n;
      ascii &= bits >= 0;
      offset += n;
      if (end < limit) {
        pos = end + 1;
        offset++;
        lineNo++;
        if (len > 0 && line[len - 1] == '\r') {
          len--;
        }
        return decode(len, ascii);
      }
      pos = end;
    }
  }

  private InvalidDataException tooLong() {
    return new InvalidDataException(source, lineNo, null, "is longer than the record limit of "
        + describeLimit(maxBytes) + "; " + raiseAdvice());
  }

  /** Skips to just after the next '\n'. */
  private void skipRest() throws IOException {
    while (pos < limit || fill()) {
      int end = pos;
      while (end < limit && buf[end] != '\n') {
        end++;
      }
      offset += end - pos;
      if (end < limit) {
        pos = end + 1;
        offset++;
        skipping = false;
        return;
      }
      pos = end;
    }
    skipping = false;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      pos = 0;
      limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private String decode(int len, boolean ascii) {
    if (ascii) {
      return new String(line, 0, len, StandardCharsets.ISO_8859_1);
    }
    if (chars.capacity() < len) {
      chars = CharBuffer.allocate(Math.max(len, chars.capacity() * 2));
    }
    chars.clear();
    decoder.reset();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
    CoderResult r = decoder.decode(bytes, chars, true);
    if (!r.isError()) {
      r = decoder.flush(chars);
    }
    if (r.isError()) {
      throw new InvalidDataException(source, lineNo, null, "is not valid UTF-8 (at byte "
          + (bytes.position() + 1) + " of the line); re-encode the file as UTF-8");
    }
    chars.flip();
    return chars.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
