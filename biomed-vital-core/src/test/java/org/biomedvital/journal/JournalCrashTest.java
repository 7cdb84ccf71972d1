package org.biomedvital.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real child JVM in the middle of appending and checks what the journal kept. */
final class JournalCrashTest {
  @TempDir Path tmp;

  @Test
  void aKilledWriterLosesAndDuplicatesNoCompletedRecord() throws Exception {
    Path file = tmp.resolve("candidates.jsonl");
    int total = 1_000_000;

    for (int round = 0; round < 3; round++) {
      Process child = start(file, total);
      List<String> reported = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("done ")) {
            reported.add(line.substring(5));
          }
          if (reported.size() >= 300) {
            break;
          }
        }
        // Killed while it keeps appending; destroying also closes our end of its output.
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(reported).as("round %d reported appends", round).hasSizeGreaterThanOrEqualTo(300);

      try (Journal journal = Journal.open(file)) {
        List<String> inFile = new ArrayList<>();
        journal.forEach((id, json) -> inFile.add(id));

        assertThat(new HashSet<>(inFile)).as("ids are unique").hasSize(inFile.size());
        assertThat(inFile).containsAll(reported);
        assertThat(journal.size()).isEqualTo(inFile.size());
        for (int i = 0; i < inFile.size(); i++) {
          assertThat(inFile.get(i)).isEqualTo("r" + i);
        }
      }
    }
  }

  @Test
  void aResumedWriterCompletesTheJournalWithEachRecordOnce() throws Exception {
    Path file = tmp.resolve("resume.jsonl");
    Process first = start(file, 2000);
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int done = 0;
      while ((line = r.readLine()) != null && done < 100) {
        if (line.startsWith("done ")) {
          done++;
        }
      }
    }
    first.destroyForcibly();
    first.waitFor(30, TimeUnit.SECONDS);

    Process second = start(file, 2000);
    String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(second.exitValue()).as(output).isZero();
    assertThat(output).contains("finished");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Set<String> ids = new HashSet<>();
    try (Journal journal = Journal.open(file)) {
      journal.forEach((id, json) -> assertThat(ids.add(id)).as("duplicate %s", id).isTrue());
    }
    assertThat(lines).hasSize(2000);
    assertThat(ids).hasSize(2000);
  }

  private static Process start(Path file, int count) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.logFile=System.err",
        JournalChild.class.getName(), file.toString(), Integer.toString(count), "3000")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
