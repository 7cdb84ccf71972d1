package org.biomedvital.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;

/**
 * Writes records one at a time in a {@link Layout}, in the style of Python's {@code json.dumps}
 * (see {@link PythonJson}), to a temporary file beside the target that {@link #close()} moves into
 * place atomically: readers never see a half-written file, and a crash leaves the old file intact.
 *
 * <p>A JSON array is written with one record per line ({@code "[\n" rec ",\n" rec "\n]\n"}), so
 * errors found later point at a useful line. Memory stays bounded by the largest record.
 *
 * <p>Call {@link #abort()} instead of {@link #close()} to discard what was written. Not
 * thread-safe.
 *
 * @param <T> the record type
 */
public final class RecordWriter<T> implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final Layout layout;
  private final BiConsumer<T, StringBuilder> serializer;
  private final Function<T, String> grouping;
  private final Function<T, String> idOf;
  private final Set<String> ids = new HashSet<>();
  private final Writer out;
  private final StringBuilder buffer = new StringBuilder(4096);
  private final Set<String> groupsDone = new HashSet<>();
  private String group;
  private long count;
  private boolean closed;

  private RecordWriter(Path target, Layout layout, BiConsumer<T, StringBuilder> serializer,
      Function<T, String> grouping, Function<T, String> idOf) throws IOException {
    this.target = target.toAbsolutePath();
    this.layout = layout;
    this.serializer = serializer;
    this.grouping = grouping;
    this.idOf = idOf;
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
    this.out = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Opens a writer. Package-private: each format class offers its own {@code writer(...)}.
   *
   * @param grouping the group key of a record, required for {@link Layout#KEYED_OBJECT}
   */
  static <T> RecordWriter<T> open(Path file, Layout layout, BiConsumer<T, StringBuilder> serializer,
      Function<T, String> grouping) {
    return open(file, layout, serializer, grouping, null);
  }

  /**
   * Opens a writer that refuses a second record of an id.
   *
   * @param idOf the id of a record (null: ids are not checked)
   */
  static <T> RecordWriter<T> open(Path file, Layout layout, BiConsumer<T, StringBuilder> serializer,
      Function<T, String> grouping, Function<T, String> idOf) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(layout, "layout == null");
    if (layout == Layout.KEYED_OBJECT && grouping == null) {
      throw new IllegalArgumentException("this format cannot be written as a keyed object");
    }
    try {
      return new RecordWriter<>(file, layout, serializer, grouping, idOf);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file this writer creates. */
  public Path file() {
    return target;
  }

  /** The number of records written so far. */
  public long count() {
    return count;
  }

  /**
   * Writes one record.
   *
   * @throws IllegalStateException when closed, or when a keyed file's group comes back after another
   *     group (write each group's records together)
   * @throws IllegalArgumentException when the format keys records by id (training data) and this
   *     id was written already (nothing writes a training sample twice); the writer is then
   *     aborted and the target left as it was
   * @throws VitalException when the disk write fails
   */
  public void write(T record) {
    Objects.requireNonNull(record, "record == null");
    if (closed) {
      throw new IllegalStateException("writer of " + target + " is closed");
    }
    if (idOf != null && !ids.add(idOf.apply(record))) {
      // The file being written is wrong: discard it, so the target stays as it was.
      abort();
      throw new IllegalArgumentException("record id '" + idOf.apply(record) + "' is already "
          + "written to " + target + "; a training file holds each sample once");
    }
    buffer.setLength(0);
    switch (layout) {
      case JSONL:
        serializer.accept(record, buffer);
        buffer.append('\n');
        break;
      case JSON_ARRAY:
        buffer.append(count == 0 ? "[\n" : ",\n");
        serializer.accept(record, buffer);
        break;
      case KEYED_OBJECT: {
        String g = Objects.requireNonNull(grouping.apply(record), "group of record == null");
        if (!g.equals(group)) {
          if (groupsDone.contains(g)) {
            throw new IllegalStateException("records of group '" + g + "' must be written together "
                + "but the group comes back after '" + group + "'; sort the records by group");
          }
          if (group != null) {
            groupsDone.add(group);
            buffer.append("\n],\n");
          } else {
            buffer.append("{\n");
          }
          PythonJson.string(g, buffer);
          buffer.append(": [\n");
          group = g;
        } else {
          buffer.append(",\n");
        }
        serializer.accept(record, buffer);
        break;
      }
      default:
        throw new AssertionError(layout);
    }
    try {
      out.append(buffer);
    } catch (IOException e) {
      abort();
      throw new VitalIoException(target, "cannot write " + target + ": " + e.getMessage(), e);
    }
    count++;
  }

  /**
   * Finishes the file and moves it into place atomically, replacing any file there.
   *
   * @throws VitalException when the file cannot be finished or moved
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      switch (layout) {
        case JSON_ARRAY:
          out.write(count == 0 ? "[]\n" : "\n]\n");
          break;
        case KEYED_OBJECT:
          out.write(count == 0 ? "{}\n" : "\n]\n}\n");
          break;
        default:
          break;
      }
      out.close();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteTemp();
      throw new VitalIoException(target, "cannot finish " + target + ": " + e.getMessage(), e);
    }
  }

  /** Discards everything written; the target file is left as it was. */
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      // Discarding anyway.
    }
    deleteTemp();
  }

  private void deleteTemp() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // A stray temporary file is harmless and named after the target.
    }
  }
}
