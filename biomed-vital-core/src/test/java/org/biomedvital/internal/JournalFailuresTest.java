package org.biomedvital.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.failure.FailureTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFailuresTest {
  @TempDir Path dir;

  @Test
  void countsTheLatestFailureOfEachItemTheJournalDoesNotHold() throws IOException {
    Path journal = Files.writeString(dir.resolve("out.jsonl"), "{\"id\":\"a\"}\n");
    Path failures = Files.write(dir.resolve("failures.jsonl"), List.of(
        failure("f1", "a", "timeout"), failure("f2", "b", "timeout"),
        failure("f3", "b", "rate_limited"), failure("f4", "c", "timeout")));

    FailureTally open = JournalFailures.remaining(journal, failures);

    assertThat(open.total()).isEqualTo(2);
    assertThat(open.byReason()).containsOnly(Map.entry("rate_limited", 1L), Map.entry("timeout", 1L));
  }

  @Test
  void aMissingJournalHoldsNothingAndMissingFailuresAreNone() throws IOException {
    Path failures = Files.write(dir.resolve("failures.jsonl"), List.of(failure("f1", "a", "timeout")));

    assertThat(JournalFailures.remaining(dir.resolve("none.jsonl"), failures).total()).isEqualTo(1);
    assertThat(JournalFailures.remaining(dir.resolve("none.jsonl"), dir.resolve("no-failures.jsonl"))
        .total()).isZero();
  }

  private static String failure(String failureId, String item, String reason) {
    return FailureLog.toJson(new FailureRecord(failureId, item, "generate", "E", reason, reason, true,
        Instant.EPOCH), Map.of());
  }
}
