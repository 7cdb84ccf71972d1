package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files several times larger than the heap of a child JVM: proof that readers stream. */
final class StreamingMemoryTest {
  @TempDir Path tmp;

  @Test
  void readsAnInstructionFileLargerThanTheHeap() throws Exception {
    Path file = tmp.resolve("big.json");
    String answer = "A long answer about the figure, µm ×100. ".repeat(40);
    try (RecordWriter<LlavaRecord> w = LlavaInstructions.writer(file)) {
      for (int i = 0; i < 20_000; i++) {
        w.write(LlavaRecord.of("r" + i, "r" + i + ".jpg", Set.of(Domain.values()[i % 5]),
            Conversation.of("<image>\nWhat is shown in figure " + i + "?", answer)));
      }
    }
    assertThat(Files.size(file)).isGreaterThan(40_000_000L);

    assertThat(runChild("llava", file)).isEqualTo("records 20000 problems 0");
  }

  @Test
  void readsADomainKeyedCaptionFileLargerThanTheHeap() throws Exception {
    Path file = tmp.resolve("captions.json");
    String caption = "Axial contrast-enhanced CT of the abdomen shows a hypodense lesion. ".repeat(30);
    try (RecordWriter<PmcFigureRecord> w = PmcFigures.writer(file, Layout.KEYED_OBJECT)) {
      for (int i = 0; i < 20_000; i++) {
        Domain d = Domain.values()[i * 5 / 20_000];
        w.write(PmcFigureRecord.of(new Figure("100" + i + "_F1", "100" + i, "Figure 1", caption,
            List.of("See figure " + i + " ."), Set.of(d), "100" + i + "_F1.jpg"), d.wireName()));
      }
    }
    assertThat(Files.size(file)).isGreaterThan(40_000_000L);

    assertThat(runChild("pmc", file)).isEqualTo("records 20000 problems 0");
  }

  private static String runChild(String kind, Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx16m", "-cp", System.getProperty("java.class.path"),
        StreamingReadChild.class.getName(), kind, file.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().reduce((a, b) -> b).orElse("");
  }
}
