package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.selection.clinical.ClinicalFacts.Measurement;
import org.biomedvital.selection.clinical.ClinicalFacts.Side;
import org.biomedvital.selection.clinical.ClinicalLexicon.Category;
import org.biomedvital.selection.clinical.ClinicalLexicon.Entry;

/**
 * Reads the clinical facts of a text with rules and a {@link ClinicalLexicon}: modality, side,
 * plane and view, anatomy, negated and hedged findings, measurements with units, counts and
 * direction words. Offline and deterministic.
 *
 * <h2>Negation and hedges</h2>
 * As NegEx does: within each sentence a trigger ({@code no}, {@code without}, {@code absence of},
 * ...) negates the words after it, up to {@value #SCOPE} words or a termination word ({@code but},
 * {@code which}, a preposition such as {@code in}), whichever comes first; a post trigger ({@code is
 * absent}, {@code was excluded}) negates up to {@value #SCOPE} words before it. Pseudo triggers
 * ({@code no change}, {@code not only}) negate nothing. Hedges ({@code possible}, {@code may},
 * {@code cannot be excluded}) work the same way and mark words uncertain. A direction word inside a
 * negation scope is reversed ("not enlarged" is {@code size:down}). Within a sentence, a plain
 * direction word on an axis wins over the name of a finding that carries a direction there
 * ({@code AXIS:WAY:named} in the lexicon): "lymphadenopathy, a shrinkage of the nodes" is
 * {@code size:down}.
 *
 * <h2>Sides and scales</h2>
 * A side qualifies the words after it ("right lower lung lobe") and, where it is a place ("the
 * mediastinum is shifted to the left"), the words before the preposition; {@link FactComparison}
 * compares sides on these words. An amount word before a scale moves the scale's axis ("increased
 * lucency" is {@code density:down}, see the lexicon's {@code scale} entries), and before anatomy it
 * is a size ("a reduced heart" is {@code size:down}).
 *
 * <h2>Terms</h2>
 * Findings are content words (four or more letters, not a stop word, not a lexicon phrase), stemmed
 * crudely ({@code lesions -> lesion}, {@code compromised -> compromis}), and the values of modality,
 * plane and anatomy phrases ("this is not a CT" negates {@code ct}).
 *
 * <pre>{@code
 * ClinicalFacts f = ClinicalFactExtractor.create().extract(
 *     "Axial CT shows no fracture; a 3.5 cm mass in the right kidney.");
 * f.modalities();   // [ct]
 * f.planes();       // [axial]
 * f.negated();      // [fracture]
 * f.measurements(); // [length 35.0 mm]
 * }</pre>
 *
 * <p>Immutable and thread-safe. It stays one class of over 400 lines because negation, hedge,
 * side and direction scopes are all decided in one pass over the same token list, each rule reading
 * the state the others left; split apart, they would pass that state between classes.
 */
public final class ClinicalFactExtractor {
  /** Words a trigger's scope reaches at most. */
  public static final int SCOPE = 6;

  /** Words a side's anchors are read from, each way. */
  private static final int SIDE_WINDOW = 6;
  private static final int SIDE_ANCHORS = 4;
  private static final Set<String> COORDINATION = Set.of("and", "or");
  private static final Set<String> OR = Set.of("or", "nor");
  private static final Set<String> SCALE_GAP = Set.of("in", "of", "the");
  private static final Set<String> PLACE_PREPOSITIONS = Set.of("to", "towards", "toward", "on", "in", "at");

  private static final Set<Category> TRIGGERS = EnumSet.of(Category.NEGATION_PRE, Category.NEGATION_POST,
      Category.UNCERTAINTY_PRE, Category.UNCERTAINTY_POST);

  private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,3}");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");

  private final ClinicalLexicon lexicon;
  private final Pattern measurement;
  private final Map<String, String> unitValues;

  private ClinicalFactExtractor(ClinicalLexicon lexicon) {
    this.lexicon = lexicon;
    this.unitValues = new LinkedHashMap<>();
    List<String> units = new ArrayList<>();
    for (Entry e : lexicon.entries(Category.UNIT)) {
      String key = String.join(" ", e.tokens());
      unitValues.putIfAbsent(key, e.value());
      units.add(key);
    }
    units.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alt = new StringBuilder();
    for (String u : units) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(u).replace(" ", "\\E\\s+\\Q"));
    }
    this.measurement = Pattern.compile("(?<![\\p{L}\\p{Nd}.,])(\\d+(?:[.,]\\d+)?)((?:\\s*[x×*]\\s*\\d+(?:[.,]\\d+)?)*)"
        + "\\s*(" + (alt.length() == 0 ? "(?!)" : alt) + ")(?![\\p{L}\\p{Nd}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** An extractor with the built-in lexicon. */
  public static ClinicalFactExtractor create() {
    return new ClinicalFactExtractor(ClinicalLexicon.builtIn());
  }

  /** An extractor with {@code lexicon}. */
  public static ClinicalFactExtractor of(ClinicalLexicon lexicon) {
    return new ClinicalFactExtractor(Objects.requireNonNull(lexicon, "lexicon == null"));
  }

  /** The lexicon. */
  public ClinicalLexicon lexicon() {
    return lexicon;
  }

  /** A lexicon phrase found in a sentence: token span and its entries. */
  private record Match(int start, int end, List<Entry> entries) {
    boolean is(Category c) {
      for (Entry e : entries) {
        if (e.category() == c) {
          return true;
        }
      }
      return false;
    }

    List<String> values(Category c) {
      List<String> out = new ArrayList<>();
      for (Entry e : entries) {
        if (e.category() == c) {
          out.add(e.value());
        }
      }
      return out;
    }

    boolean isTrigger() {
      if (is(Category.PSEUDO)) {
        return false;
      }
      for (Entry e : entries) {
        if (TRIGGERS.contains(e.category())) {
          return true;
        }
      }
      return false;
    }
  }

  private enum Polarity { AFFIRMED, NEGATED, UNCERTAIN }

  /** The facts {@code text} states. */
  public ClinicalFacts extract(String text) {
    Objects.requireNonNull(text, "text == null");
    Acc acc = new Acc();
    for (String sentence : Tokens.sentences(text)) {
      sentence(sentence, acc);
    }
    return new ClinicalFacts(acc.modalities, acc.sides, acc.planes, acc.anatomy, acc.affirmed,
        acc.negated, acc.uncertain, acc.measurements, acc.counts, acc.directions);
  }

  private static final class Acc {
    final Set<String> modalities = new LinkedHashSet<>();
    final List<Side> sides = new ArrayList<>();
    final Set<String> planes = new LinkedHashSet<>();
    final Set<String> anatomy = new LinkedHashSet<>();
    final Set<String> affirmed = new LinkedHashSet<>();
    final Set<String> negated = new LinkedHashSet<>();
    final Set<String> uncertain = new LinkedHashSet<>();
    final List<Measurement> measurements = new ArrayList<>();
    final Map<String, Set<String>> counts = new LinkedHashMap<>();
    final Map<String, Set<String>> directions = new LinkedHashMap<>();
  }

  private void sentence(String sentence, Acc acc) {
    List<String> tokens = Tokens.words(sentence);
    boolean[] breaks = Tokens.clauseBreaks(sentence);
    int n = tokens.size();
    Match[] at = new Match[n];
    List<Match> matches = new ArrayList<>();
    for (int i = 0; i < n; ) {
      Match m = longest(tokens, i);
      if (m == null) {
        i++;
        continue;
      }
      matches.add(m);
      for (int k = m.start(); k < m.end(); k++) {
        at[k] = m;
      }
      i = m.end();
    }
    Polarity[] polarity = new Polarity[n];
    java.util.Arrays.fill(polarity, Polarity.AFFIRMED);
    for (Match m : matches) {
      if (!m.isTrigger()) {
        continue;
      }
      Polarity p = m.is(Category.NEGATION_PRE) || m.is(Category.NEGATION_POST) ? Polarity.NEGATED
          : Polarity.UNCERTAIN;
      // a phrase may be both a pre and a post trigger ("ruled out"): its scope runs both ways
      boolean negation = p == Polarity.NEGATED;
      if (m.is(negation ? Category.NEGATION_PRE : Category.UNCERTAINTY_PRE)) {
        // the scope starts afresh after an "or"/"nor" ("no mass or intracranial extension"), up to
        // the clause's end
        int words = 0;
        boolean afterOr = false;
        for (int k = m.end(); k < n && words < SCOPE; k++) {
          if (stops(at[k]) || (afterOr && breaks[k])) {
            break;
          }
          mark(polarity, k, p);
          words++;
          if (OR.contains(tokens.get(k))) {
            words = 0;
            afterOr = true;
          }
        }
      }
      if (m.is(negation ? Category.NEGATION_POST : Category.UNCERTAINTY_POST)) {
        for (int k = m.start() - 1; k >= 0 && k >= m.start() - SCOPE; k--) {
          if (stops(at[k])) {
            break;
          }
          mark(polarity, k, p);
        }
      }
    }
    for (int k = 0; k < n; k++) {
      String t = tokens.get(k);
      if (at[k] == null && Tokens.content(t)) {
        term(acc, polarity[k], Tokens.stem(t));
      }
    }
    Map<String, Set<String>> plain = new LinkedHashMap<>();
    Map<String, Set<String>> named = new LinkedHashMap<>();
    Set<Match> consumed = new java.util.HashSet<>();
    for (Match m : matches) {
      // modality, plane and anatomy take part in negation too ("this is not a CT", "not a sagittal
      // view", "no lung is visible")
      List<String> terms = new ArrayList<>(m.values(Category.MODALITY));
      terms.addAll(m.values(Category.PLANE));
      terms.addAll(m.values(Category.ANATOMY));
      for (String v : terms) {
        term(acc, polarity[m.start()], v);
      }
      acc.modalities.addAll(m.values(Category.MODALITY));
      acc.planes.addAll(m.values(Category.PLANE));
      acc.anatomy.addAll(m.values(Category.ANATOMY));
      for (String side : m.values(Category.LATERALITY)) {
        Set<String> anchors = anchors(tokens, at, breaks, m.end());
        anchors.addAll(anchorsBefore(tokens, at, breaks, m.start()));
        acc.sides.add(new Side(side, anchors));
      }
      for (String d : consumed.contains(m) ? List.<String>of() : directionsOf(m, tokens, at, consumed)) {
        Polarity p = polarity[m.start()];
        if (p == Polarity.UNCERTAIN) {
          continue;
        }
        String[] parts = d.split(":", -1);
        String way = parts[1];
        if (p == Polarity.NEGATED) {
          way = way.equals("up") ? "down" : "up";
        }
        (parts.length > 2 ? named : plain).computeIfAbsent(parts[0], x -> new LinkedHashSet<>()).add(way);
      }
      for (String c : m.values(Category.COUNT)) {
        String noun = countedNoun(tokens, at, m.end());
        if (noun != null) {
          acc.counts.computeIfAbsent(noun, x -> new LinkedHashSet<>()).add(c);
        }
      }
    }
    // a plain direction word says more than a finding's name on its axis ("lymphadenopathy, a
    // shrinkage of the nodes" states shrinkage)
    named.forEach((axis, ways) -> plain.putIfAbsent(axis, ways));
    plain.forEach((axis, ways) -> acc.directions.computeIfAbsent(axis, x -> new LinkedHashSet<>()).addAll(ways));
    for (int k = 0; k + 1 < n; k++) {
      String t = tokens.get(k);
      if (at[k] == null && SMALL_NUMBER.matcher(t).matches() && at[k + 1] == null && Tokens.content(tokens.get(k + 1))) {
        String noun = countedNoun(tokens, at, k + 1);
        if (noun != null) {
          acc.counts.computeIfAbsent(noun, x -> new LinkedHashSet<>()).add(String.valueOf(Integer.parseInt(t)));
        }
      }
    }
    measurements(sentence, acc.measurements);
  }

  /**
   * The direction values a match states. An amount word ({@code amount:up|down}) before a scale
   * ("increased lucency", "a decrease in signal intensity", "decreased tracer uptake") moves the
   * scale's axis instead, and the scale is {@code consumed}; an amount word right before anatomy ("a
   * reduced heart") is a size.
   */
  private static List<String> directionsOf(Match m, List<String> tokens, Match[] at, Set<Match> consumed) {
    List<String> values = m.values(Category.DIRECTION);
    String amount = null;
    for (String v : values) {
      if (v.startsWith("amount:")) {
        amount = v.substring("amount:".length());
      }
    }
    if (amount == null) {
      return values;
    }
    int other = 0;
    for (int k = m.end(); k < tokens.size() && k <= m.end() + 3; k++) {
      Match t = at[k];
      if (t != null && !t.values(Category.SCALE).isEmpty()) {
        consumed.add(t);
        String[] scale = t.values(Category.SCALE).get(0).split(":");
        return List.of(scale[0] + ":" + (scale[1].equals("up") ? amount : amount.equals("up") ? "down" : "up"));
      }
      if (k == m.end() && t != null && t.is(Category.ANATOMY)) {
        return List.of("size:" + amount);
      }
      String w = tokens.get(k);
      if (SCALE_GAP.contains(w)) {
        continue;
      }
      if (t != null || !Tokens.content(w) || ++other > 1) {
        break;
      }
    }
    return values;
  }

  private static void term(Acc acc, Polarity p, String term) {
    switch (p) {
      case NEGATED:
        acc.negated.add(term);
        break;
      case UNCERTAIN:
        acc.uncertain.add(term);
        break;
      default:
        acc.affirmed.add(term);
    }
  }

  private static boolean stops(Match m) {
    return m != null && (m.is(Category.TERMINATION) || m.isTrigger());
  }

  private static void mark(Polarity[] polarity, int k, Polarity p) {
    if (polarity[k] != Polarity.NEGATED) {
      polarity[k] = p;
    }
  }

  private Match longest(List<String> tokens, int i) {
    List<Entry> found = new ArrayList<>();
    int len = 0;
    for (Entry e : lexicon.startingWith(tokens.get(i))) {
      int l = e.tokens().size();
      if (l < len) {
        break;
      }
      if (i + l <= tokens.size() && tokens.subList(i, i + l).equals(e.tokens())) {
        len = l;
        found.add(e);
      }
    }
    return found.isEmpty() ? null : new Match(i, i + len, found);
  }

  /**
   * Up to {@value #SIDE_ANCHORS} words a side qualifies, read forwards: anatomy values and stems of
   * content words after it, up to {@value #SIDE_WINDOW} words, a clause break ({@code ,} {@code :}
   * a bracket), {@code and}/{@code or}, another side, a trigger or a termination word.
   */
  private static Set<String> anchors(List<String> tokens, Match[] at, boolean[] breaks, int from) {
    Set<String> out = new LinkedHashSet<>();
    for (int k = from; k < tokens.size() && k < from + SIDE_WINDOW && out.size() < SIDE_ANCHORS; k++) {
      if (breaks[k] || COORDINATION.contains(tokens.get(k))) {
        break;
      }
      Match m = at[k];
      if (m != null) {
        if (m.is(Category.TERMINATION) || m.is(Category.LATERALITY) || m.isTrigger()) {
          break;
        }
        out.addAll(m.values(Category.ANATOMY));
        k = m.end() - 1;
      } else if (Tokens.content(tokens.get(k))) {
        out.add(Tokens.stem(tokens.get(k)));
      }
    }
    return out;
  }

  /**
   * The words before a side used as a place ("the mediastinum shifted to the left", "an effusion
   * on the right side"): when a preposition ({@code to}, {@code towards}, {@code on}, {@code in},
   * {@code at}) and {@code the} come right before the side, up to {@value #SIDE_ANCHORS} anatomy
   * values and content words before the preposition, back to a clause break, a trigger, a termination
   * word or an {@code and}/{@code or} ("collapsed right lung and mediastinal shift to the left"), except
   * one that joins a side ("the trachea and right muscle are deviated to the left": left qualifies the
   * trachea too).
   */
  private static Set<String> anchorsBefore(List<String> tokens, Match[] at, boolean[] breaks, int side) {
    Set<String> out = new LinkedHashSet<>();
    int k = side - 1;
    if (k >= 0 && tokens.get(k).equals("the")) {
      k--;
    }
    if (k < 0 || !PLACE_PREPOSITIONS.contains(tokens.get(k)) || breaks[k + 1]) {
      return out;
    }
    for (int j = k - 1; j >= 0 && j >= k - 2 * SIDE_WINDOW && out.size() < SIDE_ANCHORS; j--) {
      if (breaks[j + 1] || (COORDINATION.contains(tokens.get(j))
          && (at[j + 1] == null || !at[j + 1].is(Category.LATERALITY)))) {
        break;
      }
      Match m = at[j];
      if (m != null) {
        if (m.isTrigger() || m.is(Category.TERMINATION)) {
          break;
        }
        out.addAll(m.values(Category.ANATOMY));
        j = m.start();
      } else if (Tokens.content(tokens.get(j))) {
        out.add(Tokens.stem(tokens.get(j)));
      }
    }
    return out;
  }

  /** The last content word of the run after a count word ("two small lesions" -> lesion). */
  private static String countedNoun(List<String> tokens, Match[] at, int from) {
    String last = null;
    for (int k = from; k < tokens.size() && k < from + 4; k++) {
      if (at[k] != null) {
        if (at[k].is(Category.TERMINATION) || at[k].is(Category.UNIT) || at[k].isTrigger()) {
          break;
        }
        k = at[k].end() - 1;
        continue;
      }
      if (!Tokens.content(tokens.get(k))) {
        break;
      }
      last = Tokens.stem(tokens.get(k));
    }
    return last;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private void measurements(String sentence, List<Measurement> out) {
    if (!hasDigit(sentence)) {
      return;
    }
    Matcher m = measurement.matcher(sentence);
    while (m.find()) {
      String unit = String.join(" ", Tokens.words(m.group(3)));
      String value = unitValues.get(unit);
      if (value == null) {
        continue;
      }
      String kind = value.substring(0, value.indexOf(':'));
      double factor = Double.parseDouble(value.substring(value.indexOf(':') + 1));
      List<String> numbers = new ArrayList<>();
      numbers.add(m.group(1));
      Matcher more = NUMBER.matcher(m.group(2));
      while (more.find()) {
        numbers.add(more.group());
      }
      for (String num : numbers) {
        double v = Double.parseDouble(num.replace(',', '.')) * factor;
        out.add(new Measurement(kind, v, m.group().strip().toLowerCase(Locale.ROOT)));
      }
    }
  }
}
