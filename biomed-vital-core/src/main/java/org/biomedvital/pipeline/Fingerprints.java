package org.biomedvital.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Hashing;

/** Content fingerprints of files and folders, and atomic writes. Package-private helpers. */
final class Fingerprints {
  /** The fingerprint of a path that does not exist. */
  static final String MISSING = "missing";

  private Fingerprints() {}

  /**
   * Remembers file fingerprints within one run: a regular file whose size, modification time and
   * file key (inode) are unchanged is not hashed again; a folder is listed again each time unless
   * it is a pipeline input (inputs do not change during a run). A new cache is made for every run,
   * so a file edited between runs is always hashed afresh.
   */
  static final class Cache {
    private record Entry(long size, long modified, Object fileKey, String fingerprint) {}

    private final java.util.Map<Path, Entry> files = new java.util.HashMap<>();
    private final java.util.Map<Path, String> stable = new java.util.HashMap<>();
    private final java.util.Set<Path> stablePaths;

    Cache(java.util.Collection<Path> stablePaths) {
      this.stablePaths = new java.util.HashSet<>(stablePaths);
    }

    String of(Path p) {
      if (stablePaths.contains(p) && Files.isDirectory(p)) {
        return stable.computeIfAbsent(p, Fingerprints::of);
      }
      if (!Files.isRegularFile(p)) {
        return Fingerprints.of(p);
      }
      try {
        var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Entry e = files.get(p);
        if (e != null && e.size() == size && e.modified() == modified
            && java.util.Objects.equals(e.fileKey(), attrs.fileKey())) {
          return e.fingerprint();
        }
        String fp = Fingerprints.of(p);
        files.put(p, new Entry(size, modified, attrs.fileKey(), fp));
        return fp;
      } catch (IOException e) {
        return Fingerprints.of(p);
      }
    }
  }

  /**
   * A file's SHA-256; for a folder, {@code "dir:"} plus the SHA-256 of its listing (relative path
   * and size of every file, sorted), which stays cheap for folders of many large files.
   */
  static String of(Path p) {
    if (!Files.exists(p)) {
      return MISSING;
    }
    if (Files.isRegularFile(p)) {
      return Hashing.sha256Hex(p);
    }
    MessageDigest digest = Hashing.sha256();
    List<String> lines = new ArrayList<>();
    try {
      // One stat per file: the walk hands each file's attributes to the visitor.
      Files.walkFileTree(p, new java.nio.file.SimpleFileVisitor<Path>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path f,
            java.nio.file.attribute.BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            lines.add(p.relativize(f).toString().replace('\\', '/') + "\t" + attrs.size());
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new VitalIoException(p, "cannot list " + p + " to fingerprint it: " + e.getMessage(),
          e);
    }
    lines.sort(null);
    for (String l : lines) {
      digest.update((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "dir:" + HexFormat.of().formatHex(digest.digest());
  }

  /** Writes the text to a temporary file beside {@code file}, then moves it into place atomically. */
  static void writeAtomically(Path file, String text) {
    org.biomedvital.internal.AtomicText.write(file, text);
  }

}
