package org.biomedvital.format.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by {@link ReaderFuzzProperties}: invalid UTF-8 in a candidates file was reported at line 0
 * (the decoding reader failed while filling its buffer, lines before the bad byte); it must name the
 * line that holds the bad byte.
 */
final class SamplesUtf8LineTest {
  @TempDir Path dir;

  @Test
  void invalidUtf8IsReportedAtItsOwnLine() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i <= 300; i++) {
      String json = Samples.toJson(InstructionSample.builder().id("f" + i + "#0").figureId("f" + i)
          .image("f" + i + ".jpg").caption("Caption " + i + " of a CT scan.")
          .conversation(Conversation.of("What is shown?", "A CT scan.")).build());
      if (i == 250) {
        json = json.replace("Caption", "Capt\u00e9ion");
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf('\u00e9');
        raw[at + 1] = 0x28; // a lead byte of a two-byte sequence followed by '(': malformed
        b.write(raw);
      } else {
        b.write(json.getBytes(StandardCharsets.UTF_8));
      }
      b.write('\n');
    }
    Path f = Files.write(dir.resolve("candidates.jsonl"), b.toByteArray());

    assertThatThrownBy(() -> Samples.readJsonl(f)).isInstanceOfSatisfying(
        InvalidDataException.class, e -> {
          assertThat(e.line()).isEqualTo(250);
          assertThat(e.getMessage()).contains("candidates.jsonl").contains("not valid UTF-8");
        });
  }

  @Test
  void blankLinesAndAMissingLastNewlineStillRead() throws Exception {
    String one = Samples.toJson(InstructionSample.builder().id("a#0").figureId("a").image("a.jpg")
        .caption("c").conversation(Conversation.of("q?", "a.")).build());
    Path f = Files.writeString(dir.resolve("c.jsonl"), one + "\n\n  \r\n" + one.replace("a#0", "b#0"));
    assertThat(Samples.readJsonl(f)).extracting(InstructionSample::id).containsExactly("a#0", "b#0");
  }
}
