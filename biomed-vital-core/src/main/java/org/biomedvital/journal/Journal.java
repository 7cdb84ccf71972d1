package org.biomedvital.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalException;
import org.biomedvital.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSONL file of records keyed by a string id (the top-level {@code "id"} field by
 * default).
 *
 * <ul>
 *   <li>Opening scans the file once; {@link #contains} is then O(1).
 *   <li>An append is one write of one whole line: after a crash a record is either wholly there or
 *       its torn remains are cut off (with a warning) the next time the journal is opened.
 *   <li>Appending an id that is already there writes nothing and returns false, so a resumed run
 *       never duplicates a record.
 * </ul>
 *
 * <p>Thread-safe: appends from many threads are serialised. One process should own a journal file
 * at a time.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path file;
  private final String idField;
  private final Durability durability;
  private final FileChannel channel;
  private final Set<String> ids = new HashSet<>();
  private int sinceFsync;
  private boolean closed;

  private Journal(Path file, String idField, Durability durability) throws IOException {
    this.file = file;
    this.idField = idField;
    this.durability = durability;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    recover();
    channel.position(channel.size());
  }

  /** Opens (creating if needed) a journal keyed by the {@code "id"} field, process-crash safe. */
  public static Journal open(Path file) {
    return open(file, "id", Durability.PROCESS_CRASH_SAFE);
  }

  /**
   * Opens (creating if needed) a journal.
   *
   * @param idField the top-level field holding each record's id
   * @throws InvalidDataException when a complete line in the middle of the file is not a JSON
   *     object with a string id (the file is not a journal, or was edited by hand)
   */
  public static Journal open(Path file, String idField, Durability durability) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(idField, "idField == null");
    Objects.requireNonNull(durability, "durability == null");
    try {
      return new Journal(file, idField, durability);
    } catch (IOException e) {
      throw new VitalException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /** Whether a record with this id is in the journal. */
  public synchronized boolean contains(String id) {
    return ids.contains(id);
  }

  /** The number of records. */
  public synchronized int size() {
    return ids.size();
  }

  /** A snapshot of the ids present. */
  public synchronized Set<String> ids() {
    return Collections.unmodifiableSet(new HashSet<>(ids));
  }

  /**
   * Appends one record unless its id is already present.
   *
   * @param id the record's id; must equal the record's id field
   * @param jsonObject the record: one JSON object without line breaks
   * @return true when written, false when the id was already there
   * @throws IllegalArgumentException when the record holds a line break or its id field differs
   */
  public synchronized boolean append(String id, String jsonObject) {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(jsonObject, "jsonObject == null");
    if (closed) {
      throw new IllegalStateException("journal " + file + " is closed");
    }
    if (jsonObject.indexOf('\n') >= 0 || jsonObject.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a journal record must be one line; serialise it compactly");
    }
    String recordId = idOf(jsonObject);
    if (!id.equals(recordId)) {
      throw new IllegalArgumentException(
          "record's '" + idField + "' is '" + recordId + "' but append was called with id '" + id + "'");
    }
    if (ids.contains(id)) {
      return false;
    }
    byte[] bytes = (jsonObject + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (durability.fsyncEvery() > 0 && ++sinceFsync >= durability.fsyncEvery()) {
        channel.force(false);
        sinceFsync = 0;
      }
    } catch (IOException e) {
      throw new VitalException("cannot append to journal " + file + ": " + e.getMessage(), e);
    }
    ids.add(id);
    return true;
  }

  /**
   * Streams every record to {@code consumer} as (id, JSON line), in file order, reading the file
   * (bounded memory).
   */
  public void forEach(BiConsumer<String, String> consumer) {
    synchronized (this) {
      flushQuietly();
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          consumer.accept(idOf(line), line);
        }
      }
    } catch (IOException e) {
      throw new VitalException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Forces every appended record to the device. */
  public synchronized void sync() {
    try {
      channel.force(false);
      sinceFsync = 0;
    } catch (IOException e) {
      throw new VitalException("cannot sync journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (durability.fsyncEvery() > 0) {
        channel.force(false);
      }
      channel.close();
    } catch (IOException e) {
      throw new VitalException("cannot close journal " + file + ": " + e.getMessage(), e);
    }
  }

  private void flushQuietly() {
    // FileChannel writes go straight to the OS; nothing is buffered in the JVM.
  }

  /** Scans the file: collects ids, cuts a torn last line. */
  private void recover() throws IOException {
    long size = channel.size();
    if (size == 0) {
      return;
    }
    long goodEnd = 0;
    long lineNo = 0;
    long position = 0;
    channel.position(0);
    InputStream in = Channels.newInputStream(channel);
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String line;
    String pendingBad = null;
    long pendingBadLine = 0;
    // Track byte offsets by re-encoding each line; lines end with '\n' (the journal writes no '\r').
    while ((line = r.readLine()) != null) {
      lineNo++;
      long lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
      boolean terminated = position + lineBytes < size;
      position += lineBytes + (terminated ? 1 : 0);
      if (pendingBad != null) {
        throw new InvalidDataException(file.toString(), pendingBadLine, null,
            "is not a journal record (" + pendingBad + "); the file is damaged in the middle, "
                + "not just at its end: restore it or move it away to start over");
      }
      if (line.isBlank()) {
        goodEnd = position;
        continue;
      }
      String id;
      try {
        id = idOf(line);
      } catch (IllegalArgumentException e) {
        id = null;
        pendingBad = e.getMessage();
        pendingBadLine = lineNo;
      }
      if (id != null && terminated) {
        ids.add(id);
        goodEnd = position;
      } else if (id != null) {
        // A complete JSON object without its newline: the write was cut just before '\n'.
        ids.add(id);
        goodEnd = -position;
      }
    }
    if (goodEnd < 0) {
      // Keep the record, add the missing newline.
      channel.position(-goodEnd);
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      LOG.warn("journal {}: the last record had no line end; completed it", file);
      return;
    }
    if (goodEnd < size) {
      LOG.warn("journal {}: cut a torn last record ({} bytes) left by an interrupted write",
          file, size - goodEnd);
      channel.truncate(goodEnd);
    }
  }

  private String idOf(String json) {
    try (JsonParser p = Json.factory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String id = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals(idField) && (v == JsonToken.VALUE_STRING || v.isNumeric())) {
          id = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("not one complete JSON object");
      }
      if (id == null) {
        throw new IllegalArgumentException("no string '" + idField + "' field");
      }
      return id;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
    }
  }
}
