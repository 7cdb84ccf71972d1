package org.biomedvital.format;

import java.nio.file.Path;
import java.util.List;

/**
 * PMC caption records (method.md 5.1, {@code llava_med_instruct_fig_captions.json}): either an
 * object keyed by domain ({@code {"chest_xray": [records], "mri": [...], ...}}), a flat JSON array,
 * or JSON lines. All three are read by the same reader (the layout is detected) and can be
 * written; the domain-keyed form needs each group's records together.
 */
public final class PmcFigures {
  private PmcFigures() {}

  /** Opens a streaming reader; {@link RecordReader#group()} gives a keyed file's current key. */
  public static RecordReader<PmcFigureRecord> reader(Path file, ReadMode mode) {
    return RecordReader.open(file, mode, RecordMapper.ofTree(PmcFigureRecord::map));
  }

  /** Reads a whole file strictly into a list (for files that fit in memory). */
  public static List<PmcFigureRecord> read(Path file) {
    return reader(file, ReadMode.STRICT).readAll();
  }

  /**
   * Opens a streaming writer. For {@link Layout#KEYED_OBJECT} every record needs a group (see
   * {@link PmcFigureRecord#withGroup}) and each group's records must come together.
   */
  public static RecordWriter<PmcFigureRecord> writer(Path file, Layout layout) {
    return RecordWriter.open(file, layout, PmcFigureRecord::writeTo,
        r -> r.group().orElseThrow(() -> new IllegalArgumentException("record " + r.pairId()
            + " has no group; a domain-keyed file needs one (withGroup)")));
  }
}
