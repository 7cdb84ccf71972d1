package org.biomedvital.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.VitalIoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AtomicFilesTest {
  @Test
  void writesTheTextInPlaceAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a").resolve("b.txt");

    AtomicFiles.writeString(file, "hello\n");

    assertThat(Files.readString(file)).isEqualTo("hello\n");
    try (var left = Files.list(dir.resolve("a"))) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void aFileThatCannotBeWrittenIsAVitalIoExceptionNamingIt(@TempDir Path dir) throws IOException {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Path file = blocker.resolve("out.txt");

    assertThatThrownBy(() -> AtomicFiles.writeString(file, "x"))
        .isInstanceOf(VitalIoException.class)
        .hasMessageStartingWith("cannot write " + file)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(t -> assertThat(((VitalIoException) t).path()).isEqualTo(file));
  }

  @Test
  void aFailingWriterKeepsTheOldContent(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("keep.txt"), "old");

    assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
      out.write('n');
      throw new IOException("device gone");
    })).isInstanceOf(VitalIoException.class).hasMessageContaining("device gone");

    assertThat(Files.readString(file)).isEqualTo("old");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void theWrittenFileIsReadableByAllWherePosixModesExist(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.json");

    AtomicFiles.writeString(file, "{}");

    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }
  }
}
