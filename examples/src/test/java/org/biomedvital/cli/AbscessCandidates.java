package org.biomedvital.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;

/**
 * Candidates of graded quality for command tests: six figures of a contrast-CT liver abscess, two
 * candidates each asking the same question, answers cycling from grounded to refusing.
 */
public final class AbscessCandidates {
  private AbscessCandidates() {}

  /**
   * Writes the twelve candidates to {@code file} as JSONL.
   *
   * @param caption every figure's caption
   * @param bestAnswer the best-grounded of the four answers
   */
  public static Path write(Path file, String caption, String bestAnswer) throws IOException {
    String[] answers = {
      bestAnswer,
      "The caption says there is an abscess.",
      "I'm sorry, as an AI I cannot see the image.",
      "A liver abscess with rim enhancement.",
    };
    List<String> lines = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      for (int c = 0; c < 2; c++) {
        lines.add(Samples.toJson(InstructionSample.builder().id("fig" + f + "#" + c)
            .figureId("fig" + f).image("fig" + f + ".png").caption(caption)
            .conversation(Conversation.of("What does the CT show?", answers[(f + c) % 4]))
            .build()));
      }
    }
    return Files.write(file, lines);
  }
}
