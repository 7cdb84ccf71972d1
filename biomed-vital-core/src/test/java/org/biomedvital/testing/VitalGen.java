package org.biomedvital.testing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.Turn;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of biomed-vital values for property tests: texts with the characters
 * that break naive serialisers (quotes, backslashes, line breaks, non-ASCII, astral symbols),
 * conversations, domain sets and whole instruction samples.
 */
public final class VitalGen {
  private static final String[] PIECES = {
    "a", "CT", " ", "\"", "\\", "\n", "\t", "<image>", "é", "µm", "×100", "\u00a0", "😀", "/", "{", "}",
    "lesion", "\u2028", "0.5", "'"
  };

  private VitalGen() {}

  /** Texts of 0 to 12 pieces, including tricky characters. */
  public static Gen<String> texts() {
    return SourceDSL.lists().of(Generate.pick(List.of(PIECES))).ofSizeBetween(0, 12)
        .map(parts -> String.join("", parts));
  }

  /** Non-blank texts. */
  public static Gen<String> nonBlankTexts() {
    return texts().map(t -> t.isBlank() ? "x" + t : t);
  }

  /** Any subset of the five domains. */
  public static Gen<Set<Domain>> domains() {
    return SourceDSL.integers().between(0, 31).map(bits -> {
      Set<Domain> s = EnumSet.noneOf(Domain.class);
      for (Domain d : Domain.values()) {
        if ((bits & (1 << d.ordinal())) != 0) {
          s.add(d);
        }
      }
      return s;
    });
  }

  /** Valid conversations of 1 to 9 turns. */
  public static Gen<Conversation> conversations() {
    return SourceDSL.lists().of(texts()).ofSizeBetween(1, 9).map(texts -> {
      List<Turn> turns = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        turns.add(i % 2 == 0 ? Turn.human(texts.get(i)) : Turn.gpt(texts.get(i)));
      }
      return new Conversation(turns);
    });
  }

  /** Provenance, sometimes unknown. */
  public static Gen<Provenance> provenances() {
    Gen<Provenance> known = nonBlankTexts().zip(texts(), SourceDSL.lists().of(nonBlankTexts())
            .ofSizeBetween(0, 5), SourceDSL.integers().between(0, 20),
        (g, m, ids, idx) -> new Provenance(g, m, "biomed-vital-v1", ids, idx, (long) idx * 7919L));
    return Generate.frequency(
        org.quicktheories.api.Pair.of(1, Generate.constant(Provenance.UNKNOWN)),
        org.quicktheories.api.Pair.of(3, known));
  }

  /** Whole instruction samples. */
  public static Gen<InstructionSample> samples() {
    return nonBlankTexts().zip(domains(), conversations(), texts(), (id, domains, conv, caption) ->
            InstructionSample.builder().id(id).image(id.strip() + ".jpg").domains(domains)
                .conversation(conv).caption(caption))
        .zip(SourceDSL.lists().of(texts()).ofSizeBetween(0, 3), provenances(),
            (b, mentions, prov) -> b.mentions(mentions).provenance(prov).build());
  }
}
