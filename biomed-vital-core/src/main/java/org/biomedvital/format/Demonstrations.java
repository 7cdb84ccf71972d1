package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Demonstration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clinician demonstration records (the official {@code doctor_few_shot_examples} fields: {@code id,
 * imgs, domain, conversations, fig_caption, fig_label, pair_id, pmid, in_text_mention}), as JSON
 * lines or a JSON array.
 *
 * <p>Runs of one role (ids 34 and 49 of the official 58 repeat {@code gpt}) are merged into one
 * turn with a warning; other conversation faults are errors.
 */
public final class Demonstrations {
  private static final Logger LOG = LoggerFactory.getLogger(Demonstrations.class);

  private Demonstrations() {}

  /** Opens a streaming reader of the raw records. */
  public static RecordReader<DemonstrationRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(DemonstrationRecord::map));
  }

  /**
   * Reads every demonstration of a file (repairs are logged as warnings).
   *
   * @throws InvalidDataException naming the file, line and field of the first bad record
   */
  public static List<Demonstration> read(Path file) {
    try (RecordReader<DemonstrationRecord> r = reader(file, ReadMode.STRICT)) {
      List<Demonstration> out =
          r.stream().map(DemonstrationRecord::toDemonstration).collect(Collectors.toList());
      for (Problem p : r.problems()) {
        LOG.warn("{}:{}: {}{}", file, p.line(),
            p.field().isEmpty() ? "" : "field '" + p.field() + "' ", p.message());
      }
      return out;
    }
  }

  /** Opens a streaming writer ({@link Layout#JSONL}, as the shared fixture, or a JSON array). */
  public static RecordWriter<DemonstrationRecord> writer(Path file, Layout layout) {
    return RecordWriter.open(file, layout, DemonstrationRecord::writeTo, null);
  }
}
