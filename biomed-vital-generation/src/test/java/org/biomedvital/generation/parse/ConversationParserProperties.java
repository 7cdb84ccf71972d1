package org.biomedvital.generation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Figure;
import org.biomedvital.generation.prompt.OutputMode;
import org.biomedvital.generation.runner.Shard;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

final class ConversationParserProperties {
  private static final String[] WORDS = {"the", "lesion", "CT", "is", "hypodense", "(arrow)",
      "3.5 cm", "left", "lobe", "- margin", "1.", "note:", "T2-weighted", "MRI", "user", "gpt"};

  /** A turn text: 1-3 lines of words; lines may start with words that look like list markers. */
  private static Gen<String> text() {
    Gen<String> line = SourceDSL.lists().of(SourceDSL.integers().between(0, WORDS.length - 1))
        .ofSizeBetween(1, 8).map(ix -> {
          StringBuilder sb = new StringBuilder();
          for (int i : ix) {
            if (sb.length() > 0) {
              sb.append(' ');
            }
            sb.append(WORDS[i]);
          }
          return sb.toString();
        });
    return SourceDSL.lists().of(line).ofSizeBetween(1, 3).map(ls -> String.join("\n", ls));
  }

  @Test
  void aTranscriptParsesBackToTheSameConversation() {
    qt().forAll(SourceDSL.lists().of(text()).ofSizeBetween(1, 6))
        .checkAssert(pairs -> {
          List<String> turns = new ArrayList<>();
          for (String p : pairs) {
            turns.add(p + "?");
            turns.add(p + ".");
          }
          Conversation c = Conversation.of(turns.toArray(String[]::new));
          String transcript = new Demonstration("d", Figure.of("p", "", List.of(), java.util.Set.of()),
              c).transcript();

          assertThat(ConversationParser.defaults().parse(transcript, OutputMode.TEXT)).isEqualTo(c);
        });
  }

  @Test
  void everyFigureFallsInExactlyOneShard() {
    qt().forAll(SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(1, 20),
            SourceDSL.integers().between(1, 16))
        .checkAssert((pairId, k) -> {
          int hits = 0;
          for (int i = 0; i < k; i++) {
            if (new Shard(i, k).contains(pairId)) {
              hits++;
            }
          }
          assertThat(hits).isEqualTo(1);
        });
  }
}
