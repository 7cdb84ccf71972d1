package org.biomedvital.selection.scorer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.QaPair;

/**
 * Single-fact-flip negatives from real answers: one answer of a real conversation with one clinical
 * fact changed (the side, the modality, the plane, a finding negated or un-negated, a size). The
 * rules are written from general radiology wording, not from any evaluation set.
 */
final class FactFlips {
  static final List<String> KINDS = List.of("laterality", "modality", "plane", "negation", "size");

  private FactFlips() {}

  private static final Map<String, String> MODALITY = new LinkedHashMap<>();
  private static final Map<String, String> PLANE = new LinkedHashMap<>();
  private static final Map<String, String> DIRECTION = new LinkedHashMap<>();

  static {
    MODALITY.put("computed tomography", "magnetic resonance imaging");
    MODALITY.put("magnetic resonance imaging", "computed tomography");
    MODALITY.put("magnetic resonance", "computed tomography");
    MODALITY.put("T1-weighted", "T2-weighted");
    MODALITY.put("T2-weighted", "T1-weighted");
    MODALITY.put("CT", "MRI");
    MODALITY.put("MRI", "CT");
    MODALITY.put("MR", "CT");
    MODALITY.put("X-ray", "CT scan");
    MODALITY.put("x-ray", "CT scan");
    MODALITY.put("radiograph", "MRI scan");
    MODALITY.put("radiography", "MRI");
    MODALITY.put("ultrasound", "CT");
    MODALITY.put("PET", "MRI");
    MODALITY.put("angiography", "ultrasound");
    MODALITY.put("H&E", "Gram");
    MODALITY.put("hematoxylin and eosin", "Gram");
    MODALITY.put("histology", "computed tomography");
    MODALITY.put("histological", "radiographic");
    MODALITY.put("microscopic", "radiographic");
    MODALITY.put("gross", "radiographic");
    PLANE.put("axial", "sagittal");
    PLANE.put("transverse", "sagittal");
    PLANE.put("sagittal", "axial");
    PLANE.put("coronal", "axial");
    PLANE.put("anteroposterior", "posteroanterior");
    PLANE.put("posteroanterior", "anteroposterior");
    PLANE.put("AP", "PA");
    PLANE.put("PA", "AP");
    PLANE.put("lateral view", "AP view");
    DIRECTION.put("enlarged", "reduced");
    DIRECTION.put("enlargement", "shrinkage");
    DIRECTION.put("increased", "decreased");
    DIRECTION.put("decreased", "increased");
    DIRECTION.put("increase", "decrease");
    DIRECTION.put("decrease", "increase");
    DIRECTION.put("reduced", "increased");
    DIRECTION.put("larger", "smaller");
    DIRECTION.put("smaller", "larger");
    DIRECTION.put("dilated", "narrowed");
    DIRECTION.put("dilation", "narrowing");
    DIRECTION.put("narrowing", "dilation");
    DIRECTION.put("thickening", "thinning");
    DIRECTION.put("thickened", "thinned");
    DIRECTION.put("swelling", "shrinkage");
    DIRECTION.put("elevated", "lowered");
  }

  // "left" the verb ("material left in situ") names no side: flipping it changes no clinical fact
  private static final Pattern SIDE = Pattern.compile(
      "\\b(left|right|Left|Right|LEFT|RIGHT)\\b(?!(?<=[Ll]eft)\\s(?:in situ|in place|behind|untreated|alone|over)\\b)");
  private static final Pattern MEASURE = Pattern.compile("(\\d+(?:\\.\\d+)?)(\\s*(?:mm|cm|ml|mL|HU)\\b)");
  private static final Pattern NEGATED = Pattern.compile(
      "\\b(?:no evidence of|without evidence of|absence of|no|not|without)\\s+");
  private static final Pattern VERB = Pattern.compile(
      "\\b(is|are|was|were) (?!not\\b|no\\b)|\\b(shows|reveals|demonstrates|indicates|has|have) (?!no\\b)");

  /** The answer with one fact of {@code kind} flipped, or empty when the answer states none. */
  static Optional<String> flip(String answer, String kind) {
    switch (kind) {
      case "laterality": {
        Matcher m = SIDE.matcher(answer);
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (m.find()) {
          any = true;
          String w = m.group(1);
          String to = w.equalsIgnoreCase("left") ? "right" : "left";
          to = Character.isUpperCase(w.charAt(0)) ? Character.toUpperCase(to.charAt(0)) + to.substring(1) : to;
          m.appendReplacement(sb, w.equals(w.toUpperCase(Locale.ROOT)) ? to.toUpperCase(Locale.ROOT) : to);
        }
        m.appendTail(sb);
        return any ? Optional.of(sb.toString()) : Optional.empty();
      }
      case "modality":
        return replaceAll(answer, MODALITY, true);
      case "plane":
        return replaceAll(answer, PLANE, true);
      case "negation": {
        Matcher m = NEGATED.matcher(answer);
        if (m.find()) {
          String trigger = m.group().strip();
          String to = trigger.equals("without") ? "with " : trigger.equals("absence of") ? "presence of "
              : trigger.equals("no") ? "" : trigger.equals("not") ? "" : "evidence of ";
          return Optional.of(answer.substring(0, m.start()) + to + answer.substring(m.end()));
        }
        Matcher v = VERB.matcher(answer);
        if (v.find()) {
          String verb = v.group(1) != null ? v.group(1) : v.group(2);
          String to = v.group(1) != null ? verb + " not " : verb + " no ";
          return Optional.of(answer.substring(0, v.start()) + to + answer.substring(v.end()));
        }
        return Optional.empty();
      }
      case "size": {
        Matcher m = MEASURE.matcher(answer);
        if (m.find()) {
          double v = Double.parseDouble(m.group(1));
          String to = m.group(1).contains(".") ? String.format(Locale.ROOT, "%.1f", v * 3) : String.valueOf((long) (v * 3));
          return Optional.of(answer.substring(0, m.start()) + to + m.group(2) + answer.substring(m.end()));
        }
        return replaceAll(answer, DIRECTION, false);
      }
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  /** Replaces every whole-word key (longest first) by its value; case-sensitive when asked. */
  private static Optional<String> replaceAll(String text, Map<String, String> map, boolean caseSensitive) {
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort((a, b) -> b.length() - a.length());
    StringBuilder alt = new StringBuilder();
    for (String k : keys) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(k));
    }
    Pattern p = Pattern.compile("(?<![\\p{L}\\p{Nd}])(" + alt + ")(?![\\p{L}\\p{Nd}])",
        caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
    Matcher m = p.matcher(text);
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    Function<String, String> lookup = w -> {
      for (String k : keys) {
        if (caseSensitive ? k.equals(w) : k.equalsIgnoreCase(w)) {
          String to = map.get(k);
          return Character.isUpperCase(w.charAt(0)) && !caseSensitive
              ? Character.toUpperCase(to.charAt(0)) + to.substring(1) : to;
        }
      }
      return w;
    };
    while (m.find()) {
      any = true;
      m.appendReplacement(sb, Matcher.quoteReplacement(lookup.apply(m.group(1))));
    }
    m.appendTail(sb);
    return any ? Optional.of(sb.toString()) : Optional.empty();
  }

  /** A flip case: the figure, the kind, the pair index, and the negative. */
  record Case(Demonstration demo, String kind, int pair, InstructionSample negative) {
    PreferencePair asPair() {
      return PreferencePair.of(demo.id() + "/" + kind + "/" + pair, ClinicianNegatives.positive(demo), negative,
          PreferenceSource.CLINICIAN);
    }
  }

  /** Every single-fact flip of the demonstrations' answers: one case per (answer, kind). */
  static List<Case> cases(List<Demonstration> demos) {
    List<Case> out = new ArrayList<>();
    for (Demonstration d : demos) {
      List<QaPair> pairs = d.conversation().pairs();
      for (String kind : KINDS) {
        for (int i = 0; i < pairs.size(); i++) {
          Optional<String> flipped = flip(pairs.get(i).answer(), kind);
          if (flipped.isEmpty() || flipped.get().equals(pairs.get(i).answer())) {
            continue;
          }
          List<QaPair> changed = new ArrayList<>(pairs);
          changed.set(i, new QaPair(pairs.get(i).question(), flipped.get()));
          InstructionSample neg = InstructionSample.builder().id(d.id() + "-" + kind + "-" + i)
              .figure(d.figure()).conversation(Conversation.ofPairs(changed)).build();
          out.add(new Case(d, kind, i, neg));
        }
      }
    }
    return out;
  }
}
