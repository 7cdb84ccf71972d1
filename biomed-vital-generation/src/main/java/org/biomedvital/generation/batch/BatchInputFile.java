package org.biomedvital.generation.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.VitalIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A batch input file being written; deleted once its batch exists. */
final class BatchInputFile {
  private static final Logger LOG = LoggerFactory.getLogger(BatchInputFile.class);

  final Path path;
  private final OutputStream out;
  long bytes;
  int requests;

  BatchInputFile(Path path) {
    this.path = path;
    try {
      this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  void write(byte[] line) {
    try {
      out.write(line);
    } catch (IOException e) {
      throw failure(e);
    }
    bytes += line.length;
    requests++;
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  void discard() {
    try {
      out.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", path, e.getMessage());
    }
  }

  private VitalIoException failure(IOException e) {
    return new VitalIoException(path,
        "cannot write batch input file " + path + ": " + e.getMessage(), e);
  }
}
