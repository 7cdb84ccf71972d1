package org.biomedvital.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureTally;
import org.biomedvital.journal.Journal;

/**
 * The failures a journalled stage (generation, judging) still has open after a run: those of its
 * failures file whose item is not yet in its output journal.
 */
public final class JournalFailures {
  private JournalFailures() {}

  /**
   * The latest failure of each item of {@code failuresFile} that {@code journal} does not hold yet,
   * counted by reason (see {@link FailureLog#remaining}). A missing journal holds nothing; a
   * missing failures file has no failures.
   */
  public static FailureTally remaining(Path journal, Path failuresFile) {
    Set<String> done;
    if (Files.exists(journal)) {
      try (Journal j = Journal.open(journal)) {
        done = j.ids();
      }
    } else {
      done = Set.of();
    }
    return FailureLog.remaining(failuresFile, done::contains);
  }
}
