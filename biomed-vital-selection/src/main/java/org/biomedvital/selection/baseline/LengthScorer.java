package org.biomedvital.selection.baseline;

import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.selection.SelectionScorer;

/** Scores a candidate by the number of words in its answers (longer is "better"), a common baseline. */
public final class LengthScorer implements SelectionScorer {
  /** The shared instance. */
  public static final LengthScorer INSTANCE = new LengthScorer();

  private LengthScorer() {}

  @Override
  public double score(InstructionSample sample) {
    int words = 0;
    for (Turn t : sample.conversation().turns()) {
      if (t.role() == Role.GPT) {
        String s = t.text().trim();
        if (!s.isEmpty()) {
          words += s.split("\\s+").length;
        }
      }
    }
    return words;
  }

  @Override
  public String toString() {
    return "LengthScorer";
  }
}
