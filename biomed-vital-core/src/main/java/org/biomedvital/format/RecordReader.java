package org.biomedvital.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;

/**
 * Streams the records of one file, one at a time, whatever its {@link Layout} (a JSON array, JSON
 * lines, or an object of arrays keyed by group); memory stays bounded by the largest record, and
 * a record larger than the {@linkplain LineReader#defaultMaxRecordBytes() record limit} (a sixteenth
 * of the heap, at most 64 MiB; set with {@code -Dbiomedvital.maxRecordBytes=BYTES}) is refused
 * while it streams in, never buffered whole.
 *
 * <p>In {@link ReadMode#STRICT} the first malformed record throws {@link InvalidDataException}
 * naming file, line, field and how to fix it. In {@link ReadMode#LENIENT} it is recorded as a
 * {@link Problem}, skipped, and reading goes on (a JSON syntax error in an array ends the file, since
 * nothing after it can be trusted). Warnings (records read but suspicious or repaired) are
 * collected in both modes.
 *
 * <pre>{@code
 * try (RecordReader<LlavaRecord> r = LlavaInstructions.reader(path, ReadMode.LENIENT)) {
 *   while (r.hasNext()) {
 *     LlavaRecord rec = r.next();
 *     System.out.println(r.line() + ": " + rec.id());
 *   }
 *   r.problems().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Close it (or the stream of {@link #stream()}) to release the file.
 *
 * <p>It stays one class of about 450 lines because the three layouts share one cursor (line,
 * record index, group, problems, strict or lenient handling); split apart, each part would need
 * the whole of that state.
 *
 * @param <T> the record type
 */
public final class RecordReader<T> implements Iterator<T>, AutoCloseable {
  /** At most this many problems are kept; later ones are only counted. */
  public static final int MAX_PROBLEMS = 10_000;

  private static final int PEEK_LIMIT = 1 << 20;

  private final String source;
  private final ReadMode mode;
  private final RecordMapper<T> mapper;
  private final ProblemList problems = new ProblemList(MAX_PROBLEMS);
  private final InputStream in;
  private final Layout layout;
  private final ReadContext context;
  private final int maxRecordBytes;
  private LineReader lines;
  private BoundedInput bounded;
  private JsonParser parser;
  private T next;
  private boolean done;
  private long line;
  private long records;
  private boolean started;
  private boolean inGroup;

  private RecordReader(Path file, ReadMode mode, RecordMapper<T> mapper, int maxRecordBytes)
      throws IOException {
    this.source = file.toString();
    this.mode = mode;
    this.mapper = mapper;
    this.maxRecordBytes = maxRecordBytes;
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    Layout detected;
    try {
      detected = detectLayout(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    this.layout = detected;
    this.context = new ReadContext(source, layout, problems);
    if (layout == Layout.JSONL) {
      lines = new LineReader(in, source, maxRecordBytes);
    } else {
      bounded = new BoundedInput(in, maxRecordBytes);
      parser = Json.factory().createParser(bounded);
    }
  }

  /**
   * Opens a reader. Package-private: each format class offers its own {@code reader(...)}.
   *
   * @throws InvalidDataException when the file does not exist or cannot be read
   */
  static <T> RecordReader<T> open(Path file, ReadMode mode, RecordMapper<T> mapper) {
    return open(file, mode, mapper, LineReader.defaultMaxRecordBytes());
  }

  /** Opens a reader with a record limit of {@code maxRecordBytes}. */
  static <T> RecordReader<T> open(Path file, ReadMode mode, RecordMapper<T> mapper,
      int maxRecordBytes) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(mode, "mode == null");
    try {
      return new RecordReader<>(file, mode, mapper, maxRecordBytes);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "does not exist; check the path", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Finds the layout from the first bytes: {@code [} is an array; {@code {} whose first key is a
   * domain name holding an array (or a file that is just {@code {}}) is a keyed object; any other
   * {@code {} (or an empty file) is JSON lines.
   */
  static Layout detectLayout(InputStream in) throws IOException {
    in.mark(PEEK_LIMIT);
    int c;
    int skipped = 0;
    do {
      c = in.read();
      skipped++;
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
    in.reset();
    if (c == '[') {
      return Layout.JSON_ARRAY;
    }
    if (c != '{') {
      return Layout.JSONL;
    }
    in.mark(PEEK_LIMIT);
    try (JsonParser peek = Json.factory().createParser(new FilterInputStream(in) {
      @Override
      public void close() {
        // The peek must not close the file.
      }
    })) {
      if (peek.nextToken() == JsonToken.START_OBJECT) {
        JsonToken t = peek.nextToken();
        if (t == JsonToken.FIELD_NAME) {
          String name = peek.currentName();
          if (Domain.fromWireName(name).isPresent() && peek.nextToken() == JsonToken.START_ARRAY) {
            return Layout.KEYED_OBJECT;
          }
        } else if (t == JsonToken.END_OBJECT && peek.nextToken() == null) {
          // The whole file is "{}": an empty keyed object (a record would need fields).
          return Layout.KEYED_OBJECT;
        }
      }
    } catch (JacksonException e) {
      // Not parseable here: JSON lines reading reports it with its line.
    } finally {
      in.reset();
    }
    return Layout.JSONL;
  }

  /** The file's layout. */
  public Layout layout() {
    return layout;
  }

  /** The file name used in messages. */
  public String source() {
    return source;
  }

  /** The largest record this reader accepts, in bytes. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** The 1-based line on which the record last returned by {@link #next()} starts. */
  public long line() {
    return line;
  }

  /** The group (e.g. the domain key of a keyed PMC file) of the last record, or null. */
  public String group() {
    return context.group;
  }

  /** The number of records returned so far. */
  public long records() {
    return records;
  }

  /** The problems found so far: errors (skipped records, lenient mode) and warnings. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** The number of errors found so far (including any beyond {@link #MAX_PROBLEMS}). */
  public long errorCount() {
    return problems.errors();
  }

  /** The number of warnings found so far (including any beyond {@link #MAX_PROBLEMS}). */
  public long warningCount() {
    return problems.warnings();
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      next = layout == Layout.JSONL ? advanceLines() : advanceTokens();
    } catch (BoundedInput.RecordTooLargeException e) {
      fail(context.line, null, "holds a record larger than the record limit of "
          + LineReader.describeLimit(maxRecordBytes) + context.where() + "; reading stopped here: "
          + LineReader.raiseAdvice(), e);
    } catch (IOException e) {
      fail(0, null, "cannot be read: " + e.getMessage(), e);
    }
    if (next == null) {
      done = true;
      close();
    }
    return next != null;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + source);
    }
    T t = next;
    next = null;
    line = context.line;
    records++;
    return t;
  }

  /** The remaining records as a stream; closing the stream closes this reader. */
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /** Reads the remaining records into a list (for small files) and closes the reader. */
  public List<T> readAll() {
    List<T> out = new ArrayList<>();
    try {
      forEachRemaining(out::add);
    } finally {
      close();
    }
    return out;
  }

  @Override
  public void close() {
    done = true;
    try {
      if (parser != null) {
        parser.close();
      }
      if (lines != null) {
        lines.close();
      }
      in.close();
    } catch (IOException e) {
      // Reading is over; a failure to release the handle loses nothing.
    }
  }

  private T advanceLines() throws IOException {
    while (true) {
      String text;
      try {
        text = lines.readLine();
      } catch (InvalidDataException e) {
        // A line too long or not UTF-8: the reader has moved past it, so lenient reading goes on.
        context.line = lines.lineNumber();
        if (!handle(e)) {
          return null;
        }
        continue;
      }
      if (text == null) {
        return null;
      }
      long lineNo = lines.lineNumber();
      if (lineNo == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      context.line = lineNo;
      context.index++;
      context.rawLine = text;
      context.recordId = null;
      try (JsonParser p = Json.factory().createParser(text)) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
          throw context.error(null,
              "must be one JSON object but starts with " + JsonTokens.describe(t) + "; JSON lines files "
                  + "hold one object per line (is this a JSON array file with line breaks?)");
        }
        T value = mapper.map(p, context);
        JsonToken after = p.nextToken();
        if (after != null) {
          throw context.error(null, "has content after its object (" + JsonTokens.describe(after)
              + "); put one object on each line");
        }
        return value;
      } catch (JacksonException e) {
        if (!handle(new InvalidDataException(source, lineNo, null, "is not valid JSON ("
            + e.getOriginalMessage() + "); each line must hold one complete object", e))) {
          return null;
        }
      } catch (InvalidDataException | IllegalArgumentException e) {
        if (!refused(e)) {
          return null;
        }
      }
    }
  }

  private T advanceTokens() throws IOException {
    try {
      if (!started) {
        started = true;
        JsonToken first = parser.nextToken();
        JsonToken expected = layout == Layout.JSON_ARRAY ? JsonToken.START_ARRAY : JsonToken.START_OBJECT;
        if (first != expected) {
          handle(new InvalidDataException(source, 1, null, "must start with '"
              + expected.asString() + "' but starts with " + JsonTokens.describe(first)));
          return null;
        }
      }
      while (true) {
        JsonToken t = parser.nextToken();
        if (t == null) {
          throw new InvalidDataException(source, parser.currentLocation().getLineNr(), null,
              "ends before its JSON is closed; the file is truncated: recreate or re-download it");
        }
        boolean inRecords = layout == Layout.JSON_ARRAY || inGroup;
        if (!inRecords) {
          if (t == JsonToken.END_OBJECT) {
            return end();
          }
          context.group = parser.currentName();
          bounded.startRecord();
          JsonToken v = parser.nextToken();
          if (v == JsonToken.START_ARRAY) {
            inGroup = true;
          } else {
            long at = parser.currentTokenLocation().getLineNr();
            parser.skipChildren();
            if (!handle(new InvalidDataException(source, at, context.group,
                "must be an array of records but is " + JsonTokens.describe(v)))) {
              return null;
            }
          }
          continue;
        }
        if (t == JsonToken.END_ARRAY) {
          if (layout == Layout.JSON_ARRAY) {
            return end();
          }
          inGroup = false;
          continue;
        }
        context.line = parser.currentTokenLocation().getLineNr();
        bounded.startRecord();
        context.index++;
        context.recordId = null;
        if (t != JsonToken.START_OBJECT) {
          String what = JsonTokens.describe(t);
          parser.skipChildren();
          if (!handle(context.error(null, "must be a JSON object but is " + what))) {
            return null;
          }
          continue;
        }
        try {
          return mapper.map(parser, context);
        } catch (InvalidDataException | IllegalArgumentException e) {
          if (!refused(e)) {
            return null;
          }
        }
      }
    } catch (JacksonException e) {
      if (e.getCause() instanceof BoundedInput.RecordTooLargeException) {
        throw (BoundedInput.RecordTooLargeException) e.getCause();
      }
      long at = e.getLocation() != null ? e.getLocation().getLineNr() : context.line;
      handle(new InvalidDataException(source, at, null, "is not valid JSON ("
          + e.getOriginalMessage() + "); reading stopped here: fix the file", e));
      return null;
    }
  }

  private T end() throws IOException {
    JsonToken after = parser.nextToken();
    if (after != null) {
      handle(new InvalidDataException(source, parser.currentTokenLocation().getLineNr(), null,
          "has content after its closing bracket; a file holds one JSON value"));
    }
    return null;
  }

  /**
   * A record the mapper refused, for its own error or for a value the data model refuses (a blank
   * id, say: the record is bad, not the caller). Strict: throws. Lenient: records it and goes on.
   */
  private boolean refused(RuntimeException e) {
    return handle(e instanceof InvalidDataException ? (InvalidDataException) e
        : context.error(null, "is not a valid record: " + e.getMessage()));
  }

  /** Strict: throws. Lenient: records the error and says whether to go on. */
  private boolean handle(InvalidDataException e) {
    if (mode == ReadMode.STRICT) {
      done = true;
      close();
      throw e;
    }
    problems.add(Problem.error(e.line(), e.field().orElse(""), e.detail()));
    return true;
  }

  private void fail(long lineNo, String field, String detail, Exception cause) {
    handle(new InvalidDataException(source, lineNo, field, detail, cause));
    next = null;
  }
}
