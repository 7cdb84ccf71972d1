package org.biomedvital.evaluation.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;

/**
 * The journaling loop of the judge evaluators: judge only the items whose id is not yet in the
 * journal file, append each judgement line as soon as it arrives (a run that stops keeps every line
 * written, and a rerun judges only what is missing), then read the file back in item order.
 *
 * @param <T> the judged item (a question)
 */
final class JudgeJournal<T> {
  private final Path file;
  private final Function<T, String> idOf;
  private final int concurrency;

  private JudgeJournal(Path file, Function<T, String> idOf, int concurrency) {
    this.file = Objects.requireNonNull(file, "file == null");
    this.idOf = Objects.requireNonNull(idOf, "idOf == null");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
    }
    this.concurrency = concurrency;
  }

  /**
   * A journal of judgements keyed by {@code question_id} in {@code file}.
   *
   * @param idOf the id of an item, as written in the {@code question_id} field
   * @param concurrency how many items to judge at once
   */
  public static <T> JudgeJournal<T> of(Path file, Function<T, String> idOf, int concurrency) {
    return new JudgeJournal<>(file, idOf, concurrency);
  }

  /**
   * Judges every item of {@code items} not yet in the journal, {@link #concurrency} at a time,
   * appending the line {@code judge} returns for it (one whole JSON line, with its
   * {@code question_id}).
   *
   * @return how many items were judged now (the others were already in the file)
   * @throws RuntimeException the first failure of {@code judge}; lines written so far are kept
   */
  public int judgeMissing(List<T> items, Function<T, String> judge) {
    Objects.requireNonNull(judge, "judge == null");
    List<T> todo = new ArrayList<>();
    try (Journal journal = Journal.open(file, "question_id", Durability.PROCESS_CRASH_SAFE)) {
      for (T item : items) {
        if (!journal.contains(idOf.apply(item))) {
          todo.add(item);
        }
      }
      Parallel.forEach(todo, concurrency, item -> journal.append(idOf.apply(item),
          judge.apply(item)));
    }
    return todo.size();
  }

  /**
   * Reads the journal file back with {@code reader} and returns the records of {@code items}, in
   * item order; items with no record (none in the file, or the file missing) are left out.
   *
   * @param resultId the question id of a record read
   */
  public <R> List<R> readBack(List<T> items, Function<Path, List<R>> reader,
      Function<R, String> resultId) {
    Map<String, R> byId = new HashMap<>();
    if (Files.exists(file)) {
      for (R r : reader.apply(file)) {
        byId.put(resultId.apply(r), r);
      }
    }
    List<R> out = new ArrayList<>();
    for (T item : items) {
      R r = byId.get(idOf.apply(item));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /** How many items are judged at once. */
  public int concurrency() {
    return concurrency;
  }
}
