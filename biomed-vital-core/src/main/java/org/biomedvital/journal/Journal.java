package org.biomedvital.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.LineReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSONL file of records keyed by a string id (the top-level {@code "id"} field by
 * default), through which every long stage writes so that a killed run resumes where it stopped.
 *
 * <ul>
 *   <li>Opening scans the file once; {@link #contains} is then O(1).
 *   <li>An append is one write of one whole line, handed to the operating system at once: a killed
 *       process never loses a completed append. After a crash a record is either wholly there or
 *       its torn remains are cut off (with a warning) the next time the journal is opened.
 *   <li>Appending an id that is already there writes nothing and returns false, so a resumed run
 *       never duplicates a record.
 *   <li>{@link Durability} says when the file is also forced to the device (power-loss safety).
 * </ul>
 *
 * <pre>{@code
 * try (Journal journal = Journal.open(Path.of("candidates.jsonl"))) {
 *   for (Figure f : figures) {
 *     if (!journal.contains(f.pairId())) {
 *       journal.append(f.pairId(), Samples.toJson(generate(f)));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A journal opens only its own files: an existing file whose complete lines are not records of
 * this journal (JSON objects with the id field and every {@linkplain #open(Path, String, Durability,
 * Set) required field}) is refused and left as it was; only a torn last line without its line end
 * is cut. A symbolic link pointing out of the file's folder is refused, and {@link
 * #refuseInputs(Path, Path...)} refuses an output that is also one of the inputs.
 *
 * <p>Thread-safe: appends from many threads are serialised. One process owns a journal file at a
 * time: opening holds an exclusive file lock until {@link #close()}, and a second open (from this
 * or another process) fails.
 *
 * <p>It stays one class of about 500 lines because opening, recovery, appends, reads and the file
 * lock all guard the same state (the open channel, its size and the set of ids) under one monitor;
 * the line scanning they share is in a package-private helper.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path file;
  private final String idField;
  private final Set<String> requiredFields;
  private final Durability durability;
  private final FileChannel channel;
  private final FileLock lock;
  private final Set<String> ids = new HashSet<>();
  private long size;
  private long cutBytes;
  private int sinceForce;
  private long lastForceNanos = System.nanoTime();
  private long forces;
  private boolean closed;

  private Journal(Path file, String idField, Durability durability, Set<String> requiredFields)
      throws IOException {
    this.file = file;
    this.idField = idField;
    this.requiredFields = Set.copyOf(requiredFields);
    this.durability = durability;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    refuseLinkOutOfFolder(file);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock l;
    boolean held;
    try {
      l = channel.tryLock();
      held = l == null;
    } catch (OverlappingFileLockException e) {
      l = null;
      held = true;
    } catch (IOException e) {
      // Some network file systems have no locks; work without one rather than not at all.
      LOG.warn("journal {}: cannot lock the file ({}); make sure only one writer opens it", file,
          e.getMessage());
      l = null;
      held = false;
    }
    if (held) {
      channel.close();
      throw new VitalException("journal " + file + " is open in another journal (this or another "
          + "process); close that one first, or give each writer its own file (shard)");
    }
    this.lock = l;
    try {
      recover();
      this.size = channel.size();
      channel.position(size);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Opens (creating if needed) a journal keyed by the {@code "id"} field, process-crash safe. */
  public static Journal open(Path file) {
    return open(file, "id", Durability.PROCESS_CRASH_SAFE);
  }

  /**
   * Opens (creating if needed) a journal.
   *
   * @param idField the top-level field holding each record's id
   * @throws InvalidDataException when a complete line in the middle of the file is not a UTF-8
   *     JSON object with a string or number id (the file is not a journal, or was edited by hand)
   * @throws VitalException when the file cannot be opened or another journal holds it
   */
  public static Journal open(Path file, String idField, Durability durability) {
    return open(file, idField, durability, Set.of());
  }

  /**
   * Opens (creating if needed) a journal whose records all carry {@code requiredFields} besides
   * the id: an existing file with a record lacking one is another kind of file and is refused
   * untouched (a candidates file given where ratings are written, say).
   *
   * @param idField the top-level field holding each record's id
   * @param requiredFields top-level fields every record of this kind has
   * @throws InvalidDataException when a complete line of the file is not a UTF-8 JSON object with
   *     a string or number id and the required fields (the file is not a journal of this kind, or
   *     was edited by hand), or the file is a symbolic link out of its folder
   * @throws VitalException when the file cannot be opened or another journal holds it
   */
  public static Journal open(Path file, String idField, Durability durability,
      Set<String> requiredFields) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(idField, "idField == null");
    Objects.requireNonNull(durability, "durability == null");
    Objects.requireNonNull(requiredFields, "requiredFields == null");
    try {
      return new Journal(file, idField, durability, requiredFields);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses an output that is one of the inputs (the same path, or the same file through a
   * symbolic or hard link): writing a journal into its own input would read it as already done.
   *
   * @throws InvalidDataException naming both paths
   */
  public static void refuseInputs(Path output, Path... inputs) {
    Objects.requireNonNull(output, "output == null");
    for (Path input : inputs) {
      if (input == null || !Files.exists(input) || !Files.exists(output)) {
        continue;
      }
      boolean same;
      try {
        same = Files.isSameFile(input, output);
      } catch (IOException e) {
        same = false;
      }
      if (same) {
        throw new InvalidDataException(output.toString(), 0, null, "is also the input "
            + input + "; the output must be another file: give a new output path");
      }
    }
  }

  private static void refuseLinkOutOfFolder(Path file) throws IOException {
    if (!Files.isSymbolicLink(file)) {
      return;
    }
    Path folder = file.toAbsolutePath().getParent().toRealPath();
    Path target = file.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(file))
        .normalize();
    Path targetFolder = target.getParent();
    if (Files.exists(targetFolder)) {
      targetFolder = targetFolder.toRealPath();
    }
    if (!folder.equals(targetFolder)) {
      throw new InvalidDataException(file.toString(), 0, null, "is a symbolic link to " + target
          + ", out of its folder; outputs are not written through such links: give a plain file");
    }
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /** The durability policy. */
  public Durability durability() {
    return durability;
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
   * The bytes of a torn last record that opening cut off (0 when the file was whole); a positive
   * value means the previous writer was interrupted in the middle of an append.
   */
  public long cutBytes() {
    return cutBytes;
  }

  /** How many times this journal has forced the file to the device since it was opened. */
  public synchronized long forces() {
    return forces;
  }

  /**
   * Appends one record unless its id is already present.
   *
   * @param id the record's id; must equal the record's id field
   * @param jsonObject the record: one JSON object without line breaks
   * @return true when written, false when the id was already there
   * @throws IllegalArgumentException when the record holds a line break or its id field differs
   * @throws VitalException when the write fails (disk full, I/O error)
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
      size += bytes.length;
      sinceForce++;
      if (dueForForce()) {
        force();
      }
    } catch (IOException e) {
      // A partial write leaves a torn line; cut it now so the next append starts on a fresh line.
      try {
        channel.truncate(size);
        channel.position(size);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new VitalIoException(file, "cannot append to journal " + file + ": " + e.getMessage(), e);
    }
    ids.add(id);
    return true;
  }

  private boolean dueForForce() {
    if (durability.fsyncEvery() > 0 && sinceForce >= durability.fsyncEvery()) {
      return true;
    }
    return !durability.maxDelay().isZero()
        && System.nanoTime() - lastForceNanos >= durability.maxDelay().toNanos();
  }

  private void force() throws IOException {
    channel.force(false);
    sinceForce = 0;
    lastForceNanos = System.nanoTime();
    forces++;
  }

  /**
   * Streams every record to {@code consumer} as (id, JSON line), in file order, reading the file
   * (bounded memory). Records appended while this runs may or may not be seen; a half-written one
   * never is.
   */
  public void forEach(BiConsumer<String, String> consumer) {
    Objects.requireNonNull(consumer, "consumer == null");
    long limit;
    synchronized (this) {
      limit = size;
    }
    // Appends happen whole under the lock, so the size read under the lock is a line boundary.
    try (InputStream in = Files.newInputStream(file)) {
      JournalScanner.scan(in, limit, (lineNo, text, terminated, end) -> {
        if (text == null) {
          throw new InvalidDataException(file.toString(), lineNo, null, "is not valid UTF-8");
        }
        if (text == JournalScanner.TOO_LONG) {
          throw new InvalidDataException(file.toString(), lineNo, null, "is longer than the "
              + "record limit; " + LineReader.raiseAdvice());
        }
        if (!text.isBlank()) {
          String id;
          try {
            id = idOf(text);
          } catch (IllegalArgumentException e) {
            throw new InvalidDataException(file.toString(), lineNo, null,
                "is not a journal record (" + e.getMessage() + ")");
          }
          consumer.accept(id, text);
        }
      });
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Forces every appended record to the device.
   *
   * @throws VitalException when the device reports an error
   */
  public synchronized void sync() {
    try {
      force();
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot sync journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Closes the file (forcing it to the device first when the policy forces at all). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (durability.forces() && sinceForce > 0) {
        force();
      }
      if (lock != null) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot close journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Journal{" + file + ", " + ids.size() + " records}";
  }

  /**
   * Scans the file once: collects ids, cuts a torn (or otherwise bad) last line, completes a whole
   * last record that lacks its '\n', and refuses a bad line anywhere before the last.
   */
  private void recover() throws IOException {
    long fileSize = channel.size();
    if (fileSize == 0) {
      return;
    }
    long[] goodEnd = {0};
    boolean[] missingNewline = {false};
    String[] bad = {null};
    long[] badLine = {0};
    // Not closed: closing the stream would close the channel, which stays open for appends.
    InputStream in = Channels.newInputStream(channel.position(0));
    JournalScanner.scan(in, fileSize, (lineNo, text, terminated, end) -> {
      if (bad[0] != null) {
        throw new InvalidDataException(file.toString(), badLine[0], null,
            "is not a journal record (" + bad[0] + "); the file is damaged in the middle, "
                + "not just at its end: restore it or move it away to start over");
      }
      String problem = null;
      if (text == null) {
        problem = "not valid UTF-8";
      } else if (text == JournalScanner.TOO_LONG) {
        // Longer than any record this journal accepts: not a torn write of ours, never cut.
        throw new InvalidDataException(file.toString(), lineNo, null, "is longer than the "
            + "record limit, so not a record of this journal; the file is left unchanged: give "
            + "another output path, or " + LineReader.raiseAdvice());
      } else if (text.isBlank()) {
        if (terminated) {
          goodEnd[0] = end;
        }
        return;
      } else {
        try {
          ids.add(idOf(text, true));
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      if (problem != null && terminated) {
        // A whole line (it has its line end) is no torn write: this file is not ours to edit.
        throw new InvalidDataException(file.toString(), lineNo, null, "is not a journal record ("
            + problem + "); " + (ids.isEmpty()
                ? "the file was not written by this command and is left unchanged: give another "
                    + "output path, or move the file away"
                : "the file is damaged in the middle, not just at its end: restore it or move it "
                    + "away to start over"));
      }
      if (problem != null) {
        bad[0] = problem;
        badLine[0] = lineNo;
        return;
      }
      goodEnd[0] = end;
      missingNewline[0] = !terminated;
    });
    if (missingNewline[0]) {
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}), fileSize);
      LOG.warn("journal {}: the last record had no line end; completed it", file);
    } else if (goodEnd[0] < fileSize) {
      cutBytes = fileSize - goodEnd[0];
      LOG.warn("journal {}: cut a torn last record ({} bytes{}) left by an interrupted write",
          file, cutBytes, bad[0] == null ? "" : " at line " + badLine[0] + ": " + bad[0]);
      channel.truncate(goodEnd[0]);
    }
  }

  private String idOf(String json) {
    return idOf(json, false);
  }

  private String idOf(String json, boolean checkKind) {
    try (JsonParser p = Json.factory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String id = null;
      Set<String> missing = checkKind && !requiredFields.isEmpty()
          ? new HashSet<>(requiredFields) : null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (missing != null) {
          missing.remove(name);
        }
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
      if (missing != null && !missing.isEmpty()) {
        throw new IllegalArgumentException("no " + new java.util.TreeSet<>(missing) + " field");
      }
      return id;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
    }
  }
}
