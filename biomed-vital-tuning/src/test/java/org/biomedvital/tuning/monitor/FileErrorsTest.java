package org.biomedvital.tuning.monitor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.tuning.llava.LlavaJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read is a VitalIoException naming it; one that is not JSON is bad data. */
final class FileErrorsTest {
  @Test
  void aFileThatCannotBeReadIsAVitalIoExceptionNamingIt(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("train.json"));

    assertThatThrownBy(() -> LlavaJson.read(folder)).isInstanceOf(VitalIoException.class)
        .hasMessageContaining("cannot read " + folder)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((VitalIoException) e).path())
            .isEqualTo(folder));
    Path state = Files.createDirectories(dir.resolve("trainer_state.json"));
    assertThatThrownBy(() -> TrainerState.read(state)).isInstanceOf(VitalIoException.class)
        .hasMessageContaining("cannot read " + state);
  }

  @Test
  void aFileThatIsNotJsonIsStillBadData(@TempDir Path dir) throws Exception {
    Path state = Files.writeString(dir.resolve("trainer_state.json"), "{not json");

    assertThatThrownBy(() -> TrainerState.read(state)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("is not a readable trainer_state.json");
    assertThatThrownBy(() -> TrainerState.read(dir.resolve("missing.json")))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("does not exist");
  }
}
