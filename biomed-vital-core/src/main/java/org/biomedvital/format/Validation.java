package org.biomedvital.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;

/**
 * Reads a whole file leniently and reports its records, turns, domain mix and every problem with
 * its line, without keeping the records: memory stays bounded by the ids (kept to find a repeated
 * id, reported as an error naming both lines: training data must hold each sample once).
 */
public final class Validation {
  private Validation() {}

  /**
   * Validates a file of the given kind.
   *
   * @throws org.biomedvital.InvalidDataException when the file is missing or unreadable
   */
  public static ValidationReport validate(Path file, FileKind kind) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(kind, "kind == null");
    Tally tally = new Tally(file);
    RecordReader<?> reader;
    switch (kind) {
      case LLAVA_INSTRUCTIONS:
        reader = tally.count(LlavaInstructions.reader(file, ReadMode.LENIENT), LlavaRecord::id,
            r -> tally.add(r.turns().size(), r.domains().orElse(null)));
        break;
      case VQA:
        reader = tally.count(VqaSets.reader(file, ReadMode.LENIENT), LlavaRecord::id,
            r -> tally.add(r.turns().size(), r.domains().orElse(null)));
        break;
      case DEMONSTRATIONS:
        reader = tally.count(Demonstrations.reader(file, ReadMode.LENIENT), DemonstrationRecord::id,
            r -> tally.add(r.turns().size(), r.domains()));
        break;
      case PMC_FIGURES:
        reader = tally.count(PmcFigures.reader(file, ReadMode.LENIENT), PmcFigureRecord::pairId,
            r -> tally.add(-1, r.domains()));
        break;
      case QA50:
        reader = tally.count(Qa50.reader(file, ReadMode.LENIENT), q -> Long.toString(q.questionId()),
            r -> tally.add(-1, r.domains()));
        break;
      case ANSWERS:
        reader = tally.count(Answers.reader(file, ReadMode.LENIENT),
            a -> a.questionId() + " of model " + a.modelId(), r -> tally.add(-1, null));
        break;
      case REVIEWS:
        reader = tally.count(Reviews.reader(file, ReadMode.LENIENT),
            r -> Long.toString(r.questionId()),
            r -> tally.add(-1, r.field("domain").isPresent() ? r.domainFlags("domain") : null));
        break;
      case SAMPLES:
        reader = tally.count(RecordReader.open(file, ReadMode.LENIENT, RecordMapper.ofTree(
                (f, c) -> Samples.fromNode(f.node(), c.source, c.line))), InstructionSample::id,
            s -> tally.add(s.conversation().size(), s.domains()));
        break;
      default:
        throw new AssertionError(kind);
    }
    List<Problem> problems = new ArrayList<>(reader.problems());
    problems.addAll(tally.duplicates);
    problems.sort(Comparator.comparingLong(Problem::line));
    return new ValidationReport(file, kind, reader.layout(), reader.records(), tally.turns,
        tally.turnsPerRecord, tally.domains, problems.subList(0, Math.min(problems.size(),
            RecordReader.MAX_PROBLEMS)), reader.errorCount() + tally.duplicateCount,
        reader.warningCount());
  }

  /** Validates a file of the kind {@link FileKind#detect} finds. */
  public static ValidationReport validate(Path file) {
    return validate(file, FileKind.detect(file));
  }

  private static final class Tally {
    long turns;
    final Map<Integer, Long> turnsPerRecord = new TreeMap<>();
    final Map<String, Long> domains = new LinkedHashMap<>();
    final DuplicateIds ids;
    final List<Problem> duplicates = new ArrayList<>();
    long duplicateCount;

    Tally(Path file) {
      ids = new DuplicateIds(file.toString(), DuplicatePolicy.REFUSE);
      for (Domain d : Domain.WIRE_ORDER) {
        domains.put(d.wireName(), 0L);
      }
      domains.put("none", 0L);
    }

    /** Reads every record, tallying each and reporting each repeated id with both lines. */
    <T> RecordReader<T> count(RecordReader<T> reader, Function<T, String> id, Consumer<T> each) {
      try (reader) {
        while (reader.hasNext()) {
          T t = reader.next();
          each.accept(t);
          String key = (reader.group() == null ? "" : reader.group() + "/") + id.apply(t);
          long first = ids.firstLine(key, reader.line());
          if (first > 0) {
            duplicateCount++;
            if (duplicates.size() < RecordReader.MAX_PROBLEMS) {
              duplicates.add(Problem.error(reader.line(), "", DuplicateIds.message(id.apply(t),
                  first) + ": each id must appear once (training on it twice weights it double); "
                  + "remove the later copy"));
            }
          }
        }
      }
      return reader;
    }

    void add(int turnCount, Set<Domain> flags) {
      if (turnCount >= 0) {
        turns += turnCount;
        turnsPerRecord.merge(turnCount, 1L, Long::sum);
      }
      if (flags != null) {
        if (flags.isEmpty()) {
          domains.merge("none", 1L, Long::sum);
        }
        for (Domain d : flags) {
          domains.merge(d.wireName(), 1L, Long::sum);
        }
      }
    }
  }
}
