package org.biomedvital.selection.select;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Seeds;
import org.biomedvital.format.DuplicateIds;
import org.biomedvital.format.DuplicatePolicy;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.AtomicText;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.scorer.ScoreFiles;

/**
 * The files around a {@link org.biomedvital.selection.Selector}: the scored pool it reads (scores
 * joined to their candidates) and the LLaVA-Med training file it leads to. The {@code select}
 * command and the pipeline's select and export stages both use these, so they read and write the
 * same way (one implementation per stage).
 */
public final class SelectionFiles {
  private SelectionFiles() {}

  /**
   * The candidates of {@code candidates} with their score from {@code scores}, in the candidates'
   * order.
   *
   * @param duplicates what a repeated candidate or score id does: {@link DuplicatePolicy#REFUSE}
   *     (an {@link InvalidDataException} naming both lines) or {@link DuplicatePolicy#DROP_LATER}
   * @throws InvalidDataException when a candidate has no score, naming the files
   */
  public static List<ScoredSample> scoredPool(Path scores, Path candidates,
      DuplicatePolicy duplicates) {
    Map<String, Double> scoreById = ScoreFiles.read(scores, duplicates);
    List<ScoredSample> scored = new ArrayList<>();
    DuplicateIds seen = new DuplicateIds(candidates.toString(), duplicates);
    Samples.forEachLine(candidates, (s, line) -> {
      if (!seen.admit(s.id(), line)) {
        return;
      }
      Double v = scoreById.get(s.id());
      if (v == null) {
        throw new InvalidDataException(scores.toString(), 0, "id", "has no score for candidate '"
            + s.id() + "' of " + candidates + "; run score on these candidates first");
      }
      scored.add(new ScoredSample(s, v));
    });
    return scored;
  }

  /**
   * Whether the {@code <image>} token goes before the first question of sample {@code id} (else
   * after it): LLaVA-Med places it either way, 50/50; here it is drawn from the run seed and the
   * id, so a rerun writes the same file.
   */
  public static boolean imageTokenFirst(long seed, String id) {
    return new Random(Seeds.of(seed, id)).nextBoolean();
  }

  /**
   * Writes {@code samples} as a LLaVA-Med training file (a JSON array, one {@code <image>} token
   * per conversation), atomically and readable by the group like every other output.
   *
   * @throws IllegalStateException when one sample id comes twice: a training file holds each
   *     sample once
   */
  public static void writeTrainingFile(Path out, List<InstructionSample> samples, long seed) {
    ArrayNode arr = Json.mapper().createArrayNode();
    Set<String> written = new HashSet<>();
    for (InstructionSample x : samples) {
      if (!written.add(x.id())) {
        throw new IllegalStateException("candidate '" + x.id() + "' was selected twice; "
            + "a training file holds each sample once (this is a bug: please report it)");
      }
      ObjectNode n = arr.addObject();
      n.put("id", x.id());
      n.put("image", x.image());
      n.set("domain", Samples.domainNode(x.domains()));
      n.set("conversations", Samples.turnsNode(
          x.conversation().withImageToken(imageTokenFirst(seed, x.id())).turns()));
    }
    AtomicText.write(out, arr.toPrettyString() + "\n");
  }
}
