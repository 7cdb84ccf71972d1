package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.biomedvital.selection.clinical.ClinicalFacts.Measurement;
import org.biomedvital.selection.clinical.ClinicalFacts.Side;

/**
 * What an answer's facts agree and disagree on with a reference's facts (the figure's caption and
 * mentions, or the question). A kind is compared only when both texts state something of it.
 *
 * <ul>
 *   <li><b>modality</b>: families ({@code mri} of {@code mri:t2}) overlap: agreement; the answer names
 *       only families the reference does not: contradiction; within a shared family, sequences or
 *       stains that differ (T1 against T2) contradict;
 *   <li><b>laterality</b>: a side is compared with the reference sides that share the most of the
 *       words it qualifies ("left lower lung lobe" against "right lower lung lobe" and "left lung
 *       base": right, a contradiction); it agrees when one of them names its side or both sides;
 *       without a shared word, an answer naming only left (right) where the reference names only
 *       right (left) contradicts;
 *   <li><b>plane</b>: section planes (axial, coronal, sagittal, oblique) and radiographic views (AP,
 *       PA, lateral) are compared within their group;
 *   <li><b>anatomy</b>: shared anatomy agrees (never contradicts);
 *   <li><b>negation</b>: a finding the answer negates anywhere (even where it affirms it elsewhere)
 *       that the reference only affirms contradicts; a finding the answer only affirms that the
 *       reference only negates contradicts; a finding negated in both agrees;
 *   <li><b>measurement</b>: a value of a unit kind within 5% of a reference value of that kind
 *       agrees; one far from every reference value of its kind contradicts;
 *   <li><b>count</b>: the same counted word with different counts contradicts ("many" fits two or
 *       more);
 *   <li><b>direction</b>: on one axis, the answer's only direction against the reference's only
 *       other direction contradicts.
 * </ul>
 *
 * @param agreements the kinds on which the texts agree
 * @param contradictions the facts on which they disagree
 */
public record FactComparison(Set<FactKind> agreements, List<Contradiction> contradictions) {
  private static final Set<String> VIEWS = Set.of("ap", "pa", "lateral-view");

  /** Copies. */
  public FactComparison {
    agreements = agreements.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(agreements));
    contradictions = List.copyOf(contradictions);
  }

  /** Whether the answer contradicts the reference on {@code kind}. */
  public boolean contradicts(FactKind kind) {
    for (Contradiction c : contradictions) {
      if (c.kind() == kind) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compares an answer with a reference on the given kinds.
   *
   * @param source the reference's name in explanations ({@code caption}, {@code question})
   */
  public static FactComparison compare(ClinicalFacts answer, ClinicalFacts reference, Set<FactKind> kinds,
      String source) {
    Set<FactKind> agree = EnumSet.noneOf(FactKind.class);
    List<Contradiction> contra = new ArrayList<>();
    for (FactKind k : kinds) {
      switch (k) {
        case MODALITY:
          modality(answer, reference, source, agree, contra);
          break;
        case LATERALITY:
          laterality(answer, reference, source, agree, contra);
          break;
        case PLANE:
          plane(answer.planes(), reference.planes(), source, agree, contra, true);
          plane(answer.planes(), reference.planes(), source, agree, contra, false);
          break;
        case ANATOMY:
          if (!Collections.disjoint(answer.anatomy(), reference.anatomy())) {
            agree.add(FactKind.ANATOMY);
          }
          break;
        case NEGATION:
          negation(answer, reference, source, agree, contra);
          break;
        case MEASUREMENT:
          measurement(answer, reference, source, agree, contra);
          break;
        case COUNT:
          count(answer, reference, source, agree, contra);
          break;
        case DIRECTION:
          direction(answer, reference, source, agree, contra);
          break;
        default:
          throw new AssertionError(k);
      }
    }
    return new FactComparison(agree, contra);
  }

  private static String family(String modality) {
    int c = modality.indexOf(':');
    return c < 0 ? modality : modality.substring(0, c);
  }

  private static void modality(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    if (a.modalities().isEmpty() || r.modalities().isEmpty()) {
      return;
    }
    Set<String> af = new TreeSet<>();
    a.modalities().forEach(m -> af.add(family(m)));
    Set<String> rf = new TreeSet<>();
    r.modalities().forEach(m -> rf.add(family(m)));
    if (Collections.disjoint(af, rf)) {
      contra.add(new Contradiction(FactKind.MODALITY, String.join("/", af), String.join("/", rf), source));
      return;
    }
    agree.add(FactKind.MODALITY);
    for (String fam : af) {
      Set<String> am = members(a.modalities(), fam);
      Set<String> rm = members(r.modalities(), fam);
      if (!am.isEmpty() && !rm.isEmpty() && Collections.disjoint(am, rm)) {
        contra.add(new Contradiction(FactKind.MODALITY, String.join("/", am), String.join("/", rm), source));
      }
    }
  }

  private static Set<String> members(Set<String> modalities, String family) {
    Set<String> out = new TreeSet<>();
    for (String m : modalities) {
      if (m.startsWith(family + ":")) {
        out.add(m);
      }
    }
    return out;
  }

  private static void laterality(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    Set<String> aSides = sides(a);
    Set<String> rSides = sides(r);
    if (aSides.isEmpty() || rSides.isEmpty()) {
      return;
    }
    boolean anchored = false;
    for (Side as : a.sides()) {
      if (as.side().equals("bilateral")) {
        continue;
      }
      // the reference sides sharing the most words with this one decide ("left lower lung lobe"
      // against "right lower lung lobe" and "left lung base": right)
      int best = 0;
      boolean same = false;
      Side other = null;
      for (Side rs : r.sides()) {
        Set<String> shared = new TreeSet<>(as.anchors());
        shared.retainAll(rs.anchors());
        if (shared.isEmpty() || shared.size() < best) {
          continue;
        }
        if (shared.size() > best) {
          best = shared.size();
          same = false;
          other = null;
        }
        if (rs.side().equals(as.side()) || rs.side().equals("bilateral")) {
          same = true;
        } else if (other == null) {
          other = rs;
        }
      }
      if (same) {
        anchored = true;
        agree.add(FactKind.LATERALITY);
      } else if (other != null) {
        anchored = true;
        Set<String> shared = new TreeSet<>(as.anchors());
        shared.retainAll(other.anchors());
        String what = " (" + String.join(" ", shared) + ")";
        contra.add(new Contradiction(FactKind.LATERALITY, as.side() + what, other.side() + what, source));
      }
    }
    if (anchored) {
      return;
    }
    Set<String> al = new TreeSet<>(aSides);
    al.remove("bilateral");
    Set<String> rl = new TreeSet<>(rSides);
    if (rl.contains("bilateral")) {
      return;
    }
    if (!Collections.disjoint(al, rl)) {
      agree.add(FactKind.LATERALITY);
    } else if (al.size() == 1 && rl.size() == 1) {
      contra.add(new Contradiction(FactKind.LATERALITY, al.iterator().next(), rl.iterator().next(), source));
    }
  }

  private static Set<String> sides(ClinicalFacts f) {
    Set<String> out = new LinkedHashSet<>();
    f.sides().forEach(s -> out.add(s.side()));
    return out;
  }

  private static void plane(Set<String> a, Set<String> r, String source, Set<FactKind> agree,
      List<Contradiction> contra, boolean views) {
    Set<String> ap = new TreeSet<>();
    a.stream().filter(p -> VIEWS.contains(p) == views).forEach(ap::add);
    Set<String> rp = new TreeSet<>();
    r.stream().filter(p -> VIEWS.contains(p) == views).forEach(rp::add);
    if (ap.isEmpty() || rp.isEmpty()) {
      return;
    }
    if (Collections.disjoint(ap, rp)) {
      contra.add(new Contradiction(FactKind.PLANE, String.join("/", ap), String.join("/", rp), source));
    } else {
      agree.add(FactKind.PLANE);
    }
  }

  private static void negation(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    Set<String> absent = new TreeSet<>(a.negated());
    absent.retainAll(r.affirmed());
    absent.removeAll(r.negated());
    Set<String> affirmedOnly = new TreeSet<>(a.affirmed());
    affirmedOnly.removeAll(a.negated());
    Set<String> present = new TreeSet<>(affirmedOnly);
    present.retainAll(r.negated());
    present.removeAll(r.affirmed());
    if (!absent.isEmpty()) {
      contra.add(new Contradiction(FactKind.NEGATION, "no " + String.join(", ", absent),
          String.join(", ", absent), source));
    }
    if (!present.isEmpty()) {
      contra.add(new Contradiction(FactKind.NEGATION, String.join(", ", present),
          "no " + String.join(", ", present), source));
    }
    if (!Collections.disjoint(a.negated(), r.negated())) {
      agree.add(FactKind.NEGATION);
    }
  }

  private static void measurement(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    for (Measurement am : a.measurements()) {
      boolean kindSeen = false;
      boolean close = false;
      StringBuilder refs = new StringBuilder();
      for (Measurement rm : r.measurements()) {
        if (!rm.kind().equals(am.kind())) {
          continue;
        }
        kindSeen = true;
        if (Math.abs(rm.value() - am.value()) <= 0.05 * Math.max(Math.abs(rm.value()), Math.abs(am.value())) + 1e-9) {
          close = true;
        }
        if (refs.indexOf(rm.text()) < 0) {
          refs.append(refs.length() == 0 ? "" : "; ").append(rm.text());
        }
      }
      if (close) {
        agree.add(FactKind.MEASUREMENT);
      } else if (kindSeen) {
        contra.add(new Contradiction(FactKind.MEASUREMENT, am.text(), refs.toString(), source));
      }
    }
  }

  private static void count(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    for (Map.Entry<String, Set<String>> e : a.counts().entrySet()) {
      Set<String> rc = r.counts().get(e.getKey());
      if (rc == null) {
        continue;
      }
      if (fits(e.getValue(), rc)) {
        agree.add(FactKind.COUNT);
      } else {
        contra.add(new Contradiction(FactKind.COUNT, String.join("/", e.getValue()) + " " + e.getKey(),
            String.join("/", rc) + " " + e.getKey(), source));
      }
    }
  }

  private static boolean fits(Set<String> a, Set<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (x.equals(y) || (x.equals("many") && !y.equals("1")) || (y.equals("many") && !x.equals("1"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void direction(ClinicalFacts a, ClinicalFacts r, String source, Set<FactKind> agree,
      List<Contradiction> contra) {
    for (Map.Entry<String, Set<String>> e : a.directions().entrySet()) {
      Set<String> rd = r.directions().get(e.getKey());
      if (rd == null) {
        continue;
      }
      if (!Collections.disjoint(e.getValue(), rd)) {
        agree.add(FactKind.DIRECTION);
      } else if (e.getValue().size() == 1 && rd.size() == 1) {
        contra.add(new Contradiction(FactKind.DIRECTION, e.getKey() + " " + e.getValue().iterator().next(),
            e.getKey() + " " + rd.iterator().next(), source));
      }
    }
  }
}
