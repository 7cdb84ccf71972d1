package org.biomedvital.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRef;
import org.junit.jupiter.api.Test;

final class GenerationRequestTest {
  final Figure figure = Figure.of("pmc_1", "an axial MRI", List.of(), Set.of(Domain.MRI));
  final Demonstration demo = new Demonstration("d1", figure, Conversation.of("What?", "An MRI."));

  @Test
  void defaultsAreTheNamedConstants() {
    GenerationRequest r = GenerationRequest.builder().figure(figure).build();

    assertThat(r.candidateIndex()).isEqualTo(GenerationRequest.DEFAULT_CANDIDATE_INDEX);
    assertThat(r.seed()).isEqualTo(GenerationRequest.DEFAULT_SEED);
    assertThat(r.image()).isEmpty();
  }

  @Test
  void toBuilderKeepsEverySetting() {
    GenerationRequest r = GenerationRequest.builder().figure(figure)
        .image(ImageRef.of(Path.of("a.png"))).demonstrations(List.of(demo))
        .candidateIndex(3).seed(11).build();

    assertThat(r.toBuilder().build()).isEqualTo(r);
    GenerationRequest next = r.toBuilder().candidateIndex(4).build();
    assertThat(next.candidateIndex()).isEqualTo(4);
    assertThat(next.toBuilder().candidateIndex(3).build()).isEqualTo(r);
    GenerationRequest noImage = GenerationRequest.builder().figure(figure).seed(5).build();
    assertThat(noImage.toBuilder().build()).isEqualTo(noImage);
  }

  @Test
  void figureIsRequired() {
    assertThatThrownBy(() -> GenerationRequest.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("figure is required; call figure(...)");
  }
}
