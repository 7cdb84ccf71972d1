package org.biomedvital.format;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.biomedvital.data.Domain;

/**
 * Reads a whole file leniently and reports its records, turns, domain mix and every problem with
 * its line, without keeping the records: memory stays bounded on files of any size.
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
    Tally tally = new Tally();
    RecordReader<?> reader;
    switch (kind) {
      case LLAVA_INSTRUCTIONS:
        reader = count(LlavaInstructions.reader(file, ReadMode.LENIENT),
            r -> tally.add(r.turns().size(), r.domains().orElse(null)));
        break;
      case VQA:
        reader = count(VqaSets.reader(file, ReadMode.LENIENT),
            r -> tally.add(r.turns().size(), r.domains().orElse(null)));
        break;
      case DEMONSTRATIONS:
        reader = count(Demonstrations.reader(file, ReadMode.LENIENT),
            r -> tally.add(r.turns().size(), r.domains()));
        break;
      case PMC_FIGURES:
        reader = count(PmcFigures.reader(file, ReadMode.LENIENT), r -> tally.add(-1, r.domains()));
        break;
      case QA50:
        reader = count(Qa50.reader(file, ReadMode.LENIENT), r -> tally.add(-1, r.domains()));
        break;
      case ANSWERS:
        reader = count(Answers.reader(file, ReadMode.LENIENT), r -> tally.add(-1, null));
        break;
      case REVIEWS:
        reader = count(Reviews.reader(file, ReadMode.LENIENT),
            r -> tally.add(-1, r.field("domain").isPresent() ? r.domainFlags("domain") : null));
        break;
      case SAMPLES:
        reader = count(RecordReader.open(file, ReadMode.LENIENT, RecordMapper.ofTree(
                (f, c) -> Samples.fromNode(f.node(), c.source, c.line))),
            s -> tally.add(s.conversation().size(), s.domains()));
        break;
      default:
        throw new AssertionError(kind);
    }
    return new ValidationReport(file, kind, reader.layout(), reader.records(), tally.turns,
        tally.turnsPerRecord, tally.domains, reader.problems(), reader.errorCount(),
        reader.warningCount());
  }

  /** Validates a file of the kind {@link FileKind#detect} finds. */
  public static ValidationReport validate(Path file) {
    return validate(file, FileKind.detect(file));
  }

  private static <T> RecordReader<T> count(RecordReader<T> reader, java.util.function.Consumer<T> each) {
    try (reader) {
      reader.forEachRemaining(each);
    }
    return reader;
  }

  private static final class Tally {
    long turns;
    final Map<Integer, Long> turnsPerRecord = new TreeMap<>();
    final Map<String, Long> domains = new LinkedHashMap<>();

    Tally() {
      for (Domain d : Domain.WIRE_ORDER) {
        domains.put(d.wireName(), 0L);
      }
      domains.put("none", 0L);
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
