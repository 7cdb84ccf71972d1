package org.biomedvital.generation.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Figure;
import org.biomedvital.format.PmcFigureRecord;
import org.biomedvital.format.PmcFigures;

/**
 * Reads the figures of a generation run with core's {@link PmcFigures} reader:
 *
 * <ul>
 *   <li>PMC caption records ({@code llava_med_instruct_fig_captions.json}): a JSON object mapping
 *       each domain to a list of records, taken round-robin across domains as the official
 *       generator's {@code zip_longest} does; or a plain JSON array of records; or JSONL;
 *   <li>QA50-style JSONL ({@code llava_med_eval_qa50_qa.jsonl}): one question a line, several per
 *       figure; each figure is kept once, at its first line;
 *   <li>the clinician-demonstration JSONL (its figure fields).
 * </ul>
 *
 * A figure's image is the record's {@code image} field, else {@code <pair_id>.jpg}. Errors name the
 * file, line and field.
 */
public final class FigureRecords {
  private FigureRecords() {}

  /**
   * Reads every distinct figure of a file, in file order (round-robin across domains for a domain
   * map).
   *
   * @throws InvalidDataException naming file, line and field of the first bad record
   */
  public static List<Figure> read(Path file) {
    Map<String, List<Figure>> groups = new LinkedHashMap<>();
    for (PmcFigureRecord r : PmcFigures.read(file)) {
      groups.computeIfAbsent(r.group().orElse(""), g -> new ArrayList<>()).add(r.toFigure());
    }
    Map<String, Figure> byId = new LinkedHashMap<>();
    int longest = groups.values().stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<Figure> g : groups.values()) {
        if (i < g.size()) {
          byId.putIfAbsent(g.get(i).pairId(), g.get(i));
        }
      }
    }
    return List.copyOf(byId.values());
  }
}
