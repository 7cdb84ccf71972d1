package org.biomedvital.journal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link JournalCrashTest}: appends records {@code r0, r1, ...} (skipping
 * those already present) to a journal and prints {@code done <id>} after each completed append,
 * until killed or {@code count} records exist.
 */
public final class JournalChild {
  private JournalChild() {}

  /** Arguments: journal file, record count, payload bytes per record. */
  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int payload = Integer.parseInt(args[2]);
    String filler = "é".repeat(payload / 2);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Journal journal = Journal.open(file)) {
      out.println("opened " + journal.size());
      for (int i = 0; i < count; i++) {
        String id = "r" + i;
        if (journal.contains(id)) {
          continue;
        }
        journal.append(id, "{\"id\":\"" + id + "\",\"n\":" + i + ",\"payload\":\"" + filler + "\"}");
        out.println("done " + id);
      }
    }
    out.println("finished");
  }
}
