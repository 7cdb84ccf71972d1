package org.biomedvital.selection.scorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;

/**
 * Builds clinician-style preference pairs from the 58 real demonstrations: the demonstration is the
 * positive; negatives are its conversation with answers swapped in from another figure, with
 * truncated answers, with caption-leak phrases, or with refusals.
 */
final class ClinicianNegatives {
  static final List<String> KINDS = List.of("swapped", "truncated", "caption-leak", "refusal");

  private ClinicianNegatives() {}

  /** The shared fixtures folder, if present. */
  static Optional<Path> shared() {
    String prop = System.getProperty("vital.shared.dir");
    Path p = prop != null ? Path.of(prop) : Path.of("../shared");
    if (!Files.isDirectory(p.resolve("data"))) {
      p = Path.of("../../shared");
    }
    return Files.isRegularFile(p.resolve("data/clinician-demonstrations.jsonl")) ? Optional.of(p) : Optional.empty();
  }

  /** The real demonstrations with at least one Q/A pair; skips the calling test when the fixtures are absent. */
  static List<Demonstration> demonstrations() {
    Path shared = shared().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(shared != null,
        "needs ../shared/data/clinician-demonstrations.jsonl (set -Dvital.shared.dir); skipping");
    List<Demonstration> all = new ArrayList<>(org.biomedvital.data.DemonstrationSet.builder()
        .load(shared.resolve("data/clinician-demonstrations.jsonl")).dedupeById().build().all());
    all.removeIf(d -> d.conversation().pairs().isEmpty());
    return all;
  }

  static InstructionSample positive(Demonstration d) {
    return InstructionSample.builder().id(d.id()).figure(d.figure()).conversation(d.conversation()).build();
  }

  static InstructionSample negative(Demonstration d, Demonstration other, String kind) {
    List<QaPair> pairs = d.conversation().pairs();
    List<QaPair> otherPairs = other.conversation().pairs();
    List<QaPair> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      String q = pairs.get(i).question();
      String a = pairs.get(i).answer();
      switch (kind) {
        case "swapped":
          a = otherPairs.get(i % otherPairs.size()).answer();
          break;
        case "truncated":
          String[] words = a.split(" ");
          a = String.join(" ", java.util.Arrays.copyOf(words, Math.max(2, words.length / 4)));
          break;
        case "caption-leak":
          a = (i % 2 == 0 ? "Based on the caption provided, " : "According to the figure context given, ")
              + Character.toLowerCase(a.charAt(0)) + a.substring(1);
          break;
        case "refusal":
          a = i % 2 == 0 ? "I'm sorry, but as an AI language model I cannot view the image, so I cannot answer that."
              : "I am unable to determine this without access to the actual image; please consult a medical professional.";
          break;
        default:
          throw new IllegalArgumentException(kind);
      }
      out.add(new QaPair(q, a));
    }
    return InstructionSample.builder().id(d.id() + "-" + kind).figure(d.figure())
        .conversation(Conversation.ofPairs(out)).build();
  }

  /** Every positive/negative pair of the given demonstrations; {@code all} supplies swap partners. */
  static List<PreferencePair> pairs(List<Demonstration> demos, List<Demonstration> all) {
    List<PreferencePair> pairs = new ArrayList<>();
    for (Demonstration d : demos) {
      int at = all.indexOf(d);
      Demonstration other = all.get((at + all.size() / 2) % all.size());
      for (String kind : KINDS) {
        pairs.add(PreferencePair.of(d.id() + "/" + kind, positive(d), negative(d, other, kind),
            PreferenceSource.CLINICIAN));
      }
    }
    return pairs;
  }
}
