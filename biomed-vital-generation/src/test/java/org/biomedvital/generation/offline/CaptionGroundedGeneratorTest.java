package org.biomedvital.generation.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.QaPair;
import org.biomedvital.generation.runner.FigureRecords;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.SharedData;
import org.junit.jupiter.api.Test;

final class CaptionGroundedGeneratorTest {
  static final Figure CT = new Figure("123_F2", "123", "Figure 2",
      "Axial contrast-enhanced CT of the abdomen showing a 4.5 x 3.2 cm hypodense mass (arrow) in"
          + " the right lobe of the liver. The findings were consistent with hepatocellular"
          + " carcinoma.",
      List.of("The CT scan ( Fig. 2 ) revealed a large hepatic lesion with arterial enhancement ."),
      Set.of(Domain.CT_SCAN), "123_F2.jpg");

  private final CaptionGroundedGenerator generator = new CaptionGroundedGenerator();

  private GenerationResult run(Figure f, long seed) {
    return generator.generate(GenerationRequest.builder().figure(f).seed(seed).build());
  }

  @Test
  void groundsEveryAnswerInTheCaptionAndMentions() {
    Conversation c = run(CT, 1).conversation();

    assertThat(c.pairs()).hasSizeGreaterThanOrEqualTo(5);
    String all = String.join("\n", c.turns().stream().map(t -> t.text()).toList());
    assertThat(all).contains("computed tomography (CT)").contains("liver")
        .contains("4.5 × 3.2 cm").contains("hepatocellular carcinoma")
        .contains("arrows highlight").doesNotContainIgnoringCase("caption");
    assertThat(c.imageTokenCount()).isEqualTo(1);
    assertThat(c.turns().get(0).text()).matches("(?s)<image>\n.*|.*\n<image>");
  }

  @Test
  void isDeterministicPerSeedAndVariesAcrossSeeds() {
    assertThat(run(CT, 42)).isEqualTo(run(CT, 42));
    List<Conversation> distinct = new ArrayList<>();
    for (long s = 0; s < 8; s++) {
      Conversation c = run(CT, s).conversation();
      if (!distinct.contains(c)) {
        distinct.add(c);
      }
    }
    assertThat(distinct).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void recordsItsTemplateAndNoUsage() {
    GenerationResult r = run(CT, 3);

    assertThat(r.promptTemplate()).isEqualTo("caption-grounded-v1");
    assertThat(r.usage().total()).isZero();
    assertThat(r.model()).isEmpty();
  }

  @Test
  void fallsBackToDomainFlagsWhenTheCaptionIsEmpty() {
    Figure f = new Figure("9_F1", "", "", "", List.of(), Set.of(Domain.MRI), "9_F1.jpg");

    Conversation c = run(f, 0).conversation();

    assertThat(c.pairs()).isNotEmpty();
    assertThat(c.pairs().get(0).answer()).contains("magnetic resonance (MRI)");
  }

  @Test
  void refusesAFigureWithNothingToGroundOn() {
    Figure f = new Figure("9_F1", "", "", "", List.of(), Set.of(), "9_F1.jpg");

    assertThatThrownBy(() -> run(f, 0)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("9_F1 has no caption, no inline mentions and no domain flags");
  }

  @Test
  void writesValidConversationsForEveryRealDemonstrationAndQa50Figure() {
    List<Figure> figures = new ArrayList<>(
        FigureRecords.read(SharedData.file("clinician-demonstrations.jsonl")));
    assertThat(figures).hasSize(58);
    List<Figure> qa50 = FigureRecords.read(SharedData.file("llava_med_eval_qa50_qa.jsonl"));
    assertThat(qa50).hasSize(50);
    figures.addAll(qa50);
    int pairs = 0;
    for (Figure f : figures) {
      Conversation c = run(f, f.pairId().hashCode()).conversation();
      assertThat(c.imageTokenCount()).as(f.pairId()).isEqualTo(1);
      for (QaPair p : c.pairs()) {
        assertThat(p.answer()).as(f.pairId()).isNotBlank().doesNotContainIgnoringCase("caption");
      }
      pairs += c.pairs().size();
    }
    assertThat(pairs / (double) figures.size()).isGreaterThanOrEqualTo(4.0);
    if (Boolean.getBoolean("vital.print")) {
      for (Figure f : figures.subList(0, 4)) {
        System.out.println(f.caption());
        run(f, 1).conversation().turns().forEach(t -> System.out.println(t.role() + ": " + t.text()));
        System.out.println("----");
      }
    }
  }
}
