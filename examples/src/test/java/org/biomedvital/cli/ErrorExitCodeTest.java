package org.biomedvital.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.biomedvital.VitalIoException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

final class ErrorExitCodeTest {
  @Test
  void aFileErrorIsOneLineAndExitCodeOne() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.create().name("biomed-vital"));
    cl.setErr(new PrintWriter(err));
    Path file = Path.of("runs", "s2", "scores.jsonl");

    int code = new Main.ErrorHandler().handleExecutionException(new VitalIoException(file,
        "cannot write " + file + ": No space left on device",
        new IOException("No space left on device")), cl, null);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: cannot write " + file
        + ": No space left on device" + System.lineSeparator());
  }
}
