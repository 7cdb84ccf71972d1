package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Demonstrations;
import org.junit.jupiter.api.Test;

/**
 * The heuristic judge on the 58 real clinician-selected demonstrations of BioMed-VITAL: what
 * clinicians accepted must not look like refusals and must score well against deliberately broken
 * copies of the same conversations.
 */
final class HeuristicJudgeOnClinicianDemonstrationsTest {

  private static List<Demonstration> demonstrations() {
    Path shared = Path.of(System.getProperty("vital.shared.dir", "../shared"));
    Path file = shared.resolve("data/clinician-demonstrations.jsonl");
    assumeTrue(Files.isRegularFile(file),
        "needs ../shared/data/clinician-demonstrations.jsonl (the real BioMed-VITAL fixtures)");
    return Demonstrations.read(file);
  }

  private static InstructionSample sample(Demonstration d, Conversation c) {
    return InstructionSample.builder().id(d.id()).figure(d.figure()).conversation(c).build();
  }

  @Test
  void clinicianSelectedConversationsScoreWellAndBeatTheirBrokenCopies() {
    List<Demonstration> demos = demonstrations();
    HeuristicJudge judge = HeuristicJudge.create();
    List<Double> scores = new ArrayList<>();
    int refusals = 0;
    int leaks = 0;
    int answers = 0;
    int beaten = 0;

    for (Demonstration d : demos) {
      InstructionSample real = sample(d, d.conversation());
      HeuristicJudge.Breakdown b = judge.measure(real);
      refusals += b.refusals();
      leaks += b.leaks();
      answers += b.answers();
      Rating r = judge.rate(real, null);
      scores.add(r.score());
      // The same questions answered with a caption-leaking refusal.
      List<String> broken = new ArrayList<>();
      for (var qa : d.conversation().pairs()) {
        broken.add(qa.question());
        broken.add("I'm sorry, I cannot see the image; the caption says it.");
      }
      if (!broken.isEmpty() && judge.rate(sample(d, Conversation.of(broken.toArray(String[]::new))),
          null).score() < r.score()) {
        beaten++;
      }
    }

    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    assertThat(demos).hasSize(58);
    assertThat(refusals).isZero();
    // A few accepted answers do cite "the context provided" (ids 12, 20, 30, 39): under 5%.
    assertThat((double) leaks / answers).isLessThan(0.05);
    assertThat(mean).isGreaterThan(7.0);
    assertThat(beaten).isEqualTo(58);
  }
}
