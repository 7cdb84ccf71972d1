package org.biomedvital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.biomedvital.internal.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class VitalIoExceptionTest {
  @Test
  void carriesThePathAndTheCauseAndIsAVitalException() {
    Path p = Path.of("runs", "s2", "train.log");
    IOException cause = new IOException("No space left on device");
    VitalIoException e = new VitalIoException(p, "cannot write " + p + ": " + cause.getMessage(),
        cause);

    assertThat(e).isInstanceOf(VitalException.class);
    assertThat(e.path()).isEqualTo(p);
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.getMessage()).isEqualTo("cannot write " + p + ": No space left on device");
  }

  @Test
  void putsThePathInFrontOfAMessageThatDoesNotNameIt() {
    Path p = Path.of("out", "scores.jsonl");
    VitalIoException e = new VitalIoException(p, "disk full", new IOException("x"));

    assertThat(e.getMessage()).isEqualTo(p + ": disk full");
  }

  @Test
  void hashingAMissingFileNamesItAndKeepsTheCause(@TempDir Path dir) {
    Path missing = dir.resolve("absent.bin");

    assertThatThrownBy(() -> Hashing.sha256Hex(missing))
        .isInstanceOf(VitalIoException.class)
        .hasMessageContaining(missing.toString())
        .hasCauseInstanceOf(NoSuchFileException.class)
        .satisfies(t -> assertThat(((VitalIoException) t).path()).isEqualTo(missing));
  }
}
