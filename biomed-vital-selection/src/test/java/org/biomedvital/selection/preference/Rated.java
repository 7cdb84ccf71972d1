package org.biomedvital.selection.preference;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;

/** Rated candidates for preference tests. */
final class Rated {
  private Rated() {}

  static RatedSample of(String id, String figure, double score) {
    InstructionSample s = InstructionSample.builder()
        .id(id)
        .figureId(figure)
        .image(figure + ".jpg")
        .caption("caption of " + figure)
        .conversation(Conversation.of("Question about " + id + "?", "Answer " + id + "."))
        .build();
    return new RatedSample(new Rating(id, score, 10, "biomed-vital-clinician@1", "heuristic-v1",
        ""), s, "conversation");
  }

  /** One candidate per score, candidate i of figure {@code f<i % figures>}. */
  static List<RatedSample> scores(List<Integer> scores, int figures) {
    List<RatedSample> out = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      out.add(of("s" + i, "f" + (i % figures), scores.get(i)));
    }
    return out;
  }
}
