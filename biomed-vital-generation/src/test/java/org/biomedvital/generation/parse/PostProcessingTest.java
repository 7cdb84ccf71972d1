package org.biomedvital.generation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.junit.jupiter.api.Test;

final class PostProcessingTest {
  @Test
  void dropsPairsAdmittingNoImageAccessAndCaptionLeaks() {
    Conversation c = Conversation.of(
        "What modality?", "This is an axial CT.",
        "How big is the mass?", "I cannot see the image, so I cannot measure it.",
        "Where is it?", "Based on the caption, it is in the right lobe.",
        "Is it benign?", "The caption mentions that it is malignant.",
        "Any effusion?", "Yes, in the context of heart failure a small effusion is visible.");

    Conversation out = PostProcessing.DEFAULT.apply(c, 1);

    assertThat(out.pairs()).extracting(p -> p.answer()).containsExactly("This is an axial CT.",
        "It is in the right lobe.",
        "Yes, in the context of heart failure a small effusion is visible.");
    assertThat(out.imageTokenCount()).isEqualTo(1);
  }

  @Test
  void placesOneImageTokenAsPrefixOrSuffixAboutHalfTheTime() {
    Conversation c = Conversation.of("<image>\nWhat is shown?", "A CT.");
    int prefix = 0;
    for (long seed = 0; seed < 400; seed++) {
      Conversation out = PostProcessing.DEFAULT.apply(c, seed);
      String q = out.turns().get(0).text();
      assertThat(out.imageTokenCount()).isEqualTo(1);
      assertThat(q).isIn("<image>\nWhat is shown?", "What is shown?\n<image>");
      if (q.startsWith("<image>")) {
        prefix++;
      }
      assertThat(PostProcessing.DEFAULT.apply(c, seed)).isEqualTo(out);
    }
    assertThat(prefix).isBetween(160, 240);
  }

  @Test
  void eachStepCanBeSwitchedOff() {
    Conversation c = Conversation.of("Where?", "Based on the caption, in the liver.");

    Conversation out = PostProcessing.NONE.apply(c, 0);

    assertThat(out).isEqualTo(c);
  }

  @Test
  void failsWithTheTranscriptWhenNothingSurvives() {
    Conversation c = Conversation.of("What?", "As an AI, I cannot view images.");

    assertThatThrownBy(() -> PostProcessing.DEFAULT.apply(c, 0))
        .isInstanceOfSatisfying(UnparseableReplyException.class,
            e -> assertThat(e.rawReply()).contains("As an AI"));
  }
}
