package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RecordWriterTest {
  @TempDir Path tmp;

  static final LlavaRecord R =
      LlavaRecord.of("a", "a.jpg", Set.of(Domain.MRI), Conversation.of("<image>\nq", "a"));

  @Test
  void theTargetAppearsOnlyWhenClosedAndNoTemporaryFileIsLeft() throws Exception {
    Path target = tmp.resolve("out.json");
    Files.writeString(target, "old content");

    RecordWriter<LlavaRecord> w = LlavaInstructions.writer(target);
    w.write(R);
    assertThat(Files.readString(target)).isEqualTo("old content");
    w.close();

    assertThat(LlavaInstructions.read(target)).containsExactly(R);
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void abortKeepsTheOldFile() throws Exception {
    Path target = tmp.resolve("out.json");
    Files.writeString(target, "old content");

    RecordWriter<LlavaRecord> w = LlavaInstructions.writer(target, Layout.JSONL);
    w.write(R);
    w.abort();

    assertThat(Files.readString(target)).isEqualTo("old content");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void emptyFilesAreValidJson() throws Exception {
    Path array = tmp.resolve("a.json");
    Path keyed = tmp.resolve("k.json");
    LlavaInstructions.writer(array).close();
    PmcFigures.writer(keyed, Layout.KEYED_OBJECT).close();

    assertThat(Files.readString(array)).isEqualTo("[]\n");
    assertThat(Files.readString(keyed)).isEqualTo("{}\n");
    assertThat(LlavaInstructions.read(array)).isEmpty();
    assertThat(PmcFigures.read(keyed)).isEmpty();
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    Path f = tmp.resolve("bom.jsonl");
    Files.writeString(f, "\uFEFF" + R.toJson() + "\n");
    Path g = tmp.resolve("bom.json");
    Files.writeString(g, "\uFEFF[" + R.toJson() + "]");

    assertThat(LlavaInstructions.read(f)).containsExactly(R);
    assertThat(LlavaInstructions.read(g)).containsExactly(R);
  }
}
