package org.biomedvital.selection.judge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.data.Rating;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.clinical.Contradiction;
import org.biomedvital.selection.clinical.FactChecker;

/**
 * The offline judge: scores the measurable parts of the clinician rubric without a model, so the
 * demo and tests run with no key and no network. Deterministic: the same sample always gets the
 * same rating.
 *
 * <h2>What it measures (each in [0, 1])</h2>
 *
 * <ul>
 *   <li><b>grounding</b> (weight 0.35): each answer shares content terms with the caption and
 *       mentions (3 shared terms count as fully grounded); 0.5 when the figure has no text;
 *   <li><b>length</b> (0.25): answers of useful length: 0 under 5 words, rising to 1 at 15, 1 up
 *       to 150, falling to 0.5 at 300 words and beyond;
 *   <li><b>diversity</b> (0.15): the share of questions that are not near-repeats (content-word
 *       Jaccard similarity under 0.6 to every earlier question);
 *   <li><b>no leak</b> (0.15): the share of answers without caption-leak phrases ("the caption",
 *       "according to the context", "the context provided indicates", ...), which clinicians
 *       rejected;
 *   <li><b>no refusal</b> (0.10): the share of answers that do not refuse ("I cannot see the
 *       image", "as an AI"); refusals also scale the total down by 80% of their share.
 * </ul>
 *
 * <h2>Clinical facts</h2>
 * Each answer is checked against the caption and mentions, and against its question, with a {@link
 * FactChecker} (side, modality, plane, negated findings, measurements, counts, direction words).
 * Every answer that contradicts them scales the total down by {@value #CONTRADICTION_PENALTY} (at
 * most by half), and the rationale names each contradiction ("laterality: the answer says left
 * (lung), the caption says right (lung)").
 *
 * The score is {@code scale * weighted sum * penalties}, rounded to one decimal.
 */
public final class HeuristicJudge implements PreferenceJudge {
  /** The rater name recorded in ratings. */
  public static final String RATER = "heuristic-v2";

  /** The share of the total each answer that contradicts its caption or question takes away. */
  public static final double CONTRADICTION_PENALTY = 0.25;

  // Phrases that cite the figure's text instead of the image. Generic idioms ("in the context of",
  // "as described in the findings") are deliberately absent: the real clinician demonstrations use
  // them in accepted answers.
  static final List<String> LEAK_PHRASES = List.of(
      "the caption", "caption says", "context provided", "provided context",
      "according to the context", "based on the context", "given the context",
      "the context indicates", "the context confirms", "the context mentions",
      "as stated in the context", "the text says", "the text mentions", "according to the text",
      "based on the description", "according to the description", "the description says",
      "as described in the caption", "as described in the text", "as mentioned in the caption",
      "as mentioned in the text", "the figure legend", "in-text mention", "inline mention",
      "the passage");

  // Refusals and admissions of not seeing the image. Advice to consult a professional is not a
  // refusal: clinicians accepted such answers (demonstration 74).
  static final List<String> REFUSAL_PHRASES = List.of(
      "i cannot", "i can't", "i can not", "i am unable", "i'm unable", "unable to view",
      "cannot view", "can't view", "cannot see the image", "can't see the image", "as an ai",
      "as a language model", "i don't have access", "i do not have access", "not able to see",
      "no image was provided", "i'm sorry", "i am sorry");

  private static final Set<String> STOPWORDS = Set.of(
      "this", "that", "these", "those", "with", "from", "which", "what", "where", "when", "there",
      "their", "they", "them", "have", "been", "were", "will", "would", "could", "should", "about",
      "into", "than", "then", "also", "such", "some", "more", "most", "other", "each", "both",
      "image", "figure", "shown", "shows", "show", "seen", "does", "here", "very", "only", "same",
      "over", "under", "between", "after", "before", "while", "your", "yours", "image's", "panel",
      "following", "within", "because", "being", "above", "below", "like", "many", "much");

  private final Rubric rubric;
  private final JudgeScope scope;
  private final FactChecker facts;

  private HeuristicJudge(Rubric rubric, JudgeScope scope, FactChecker facts) {
    this.rubric = rubric;
    this.scope = scope;
    this.facts = facts;
  }

  /** A heuristic judge recording the default rubric's id, judging whole conversations. */
  public static HeuristicJudge create() {
    return of(Rubric.clinicianDefault(), JudgeScope.CONVERSATION);
  }

  /** A heuristic judge recording {@code rubric}'s id and scale, judging {@code scope}. */
  public static HeuristicJudge of(Rubric rubric, JudgeScope scope) {
    return of(rubric, scope, FactChecker.create());
  }

  /** A heuristic judge that checks clinical facts with {@code facts} (e.g. an extended lexicon). */
  public static HeuristicJudge of(Rubric rubric, JudgeScope scope, FactChecker facts) {
    return new HeuristicJudge(Objects.requireNonNull(rubric, "rubric == null"),
        Objects.requireNonNull(scope, "scope == null"), Objects.requireNonNull(facts, "facts == null"));
  }

  /**
   * The measured parts of the rubric for one sample.
   *
   * @param grounding mean grounding of the answers in the caption and mentions
   * @param length mean length score
   * @param diversity share of questions that are not near-repeats
   * @param leaks answers with caption-leak phrases
   * @param refusals answers that refuse
   * @param answers answers judged
   * @param contradicting answers that contradict their caption or question in a clinical fact
   * @param contradictions each contradiction explained, in answer order
   */
  public record Breakdown(
      double grounding, double length, double diversity, int leaks, int refusals, int answers,
      int contradicting, List<String> contradictions) {

    /** Copies. */
    public Breakdown {
      contradictions = List.copyOf(contradictions);
    }

    /** The weighted total in [0, 1]. */
    public double total() {
      if (answers == 0) {
        return 0;
      }
      double leakFree = 1 - (double) leaks / answers;
      double refusalFree = 1 - (double) refusals / answers;
      double sum = 0.35 * grounding + 0.25 * length + 0.15 * diversity + 0.15 * leakFree
          + 0.10 * refusalFree;
      double faithful = 1 - Math.min(0.5, CONTRADICTION_PENALTY * contradicting);
      return Math.max(0, Math.min(1, sum * (1 - 0.8 * (1 - refusalFree)) * faithful));
    }

    /** A one-line explanation; contradictions, when any, are named after the measures. */
    public String explain() {
      String base = String.format(Locale.ROOT,
          "grounding %.2f, length %.2f, diversity %.2f, caption leaks %d/%d, refusals %d/%d",
          grounding, length, diversity, leaks, answers, refusals, answers);
      return contradictions.isEmpty() ? base : base + String.format(Locale.ROOT,
          "; %d/%d answers contradict the figure's text: %s", contradicting, answers,
          String.join("; ", contradictions));
    }
  }

  /** Measures a sample without rating it. */
  public Breakdown measure(InstructionSample sample) {
    List<QaPair> pairs = scope.pairs(sample.conversation());
    if (pairs.isEmpty()) {
      return new Breakdown(0, 0, 0, 0, 0, 0, 0, List.of());
    }
    Set<String> captionTerms = new HashSet<>(terms(sample.caption()));
    sample.mentions().forEach(m -> captionTerms.addAll(terms(m)));
    double grounding = 0;
    double length = 0;
    int leaks = 0;
    int refusals = 0;
    List<Set<String>> questions = new ArrayList<>();
    int distinct = 0;
    for (QaPair p : pairs) {
      String answer = p.answer().toLowerCase(Locale.ROOT);
      if (captionTerms.isEmpty()) {
        grounding += 0.5;
      } else {
        Set<String> shared = new HashSet<>(terms(p.answer()));
        shared.retainAll(captionTerms);
        grounding += Math.min(1.0, shared.size() / 3.0);
      }
      length += lengthScore(words(p.answer()));
      if (containsAny(answer, LEAK_PHRASES)) {
        leaks++;
      }
      if (containsAny(answer, REFUSAL_PHRASES)) {
        refusals++;
      }
      Set<String> q = new LinkedHashSet<>(terms(p.question()));
      if (q.isEmpty()) {
        q.add(p.question().strip().toLowerCase(Locale.ROOT));
      }
      boolean repeat = false;
      for (Set<String> earlier : questions) {
        if (jaccard(q, earlier) >= 0.6) {
          repeat = true;
          break;
        }
      }
      if (!repeat) {
        distinct++;
      }
      questions.add(q);
    }
    int n = pairs.size();
    int contradicting = 0;
    List<String> reasons = new ArrayList<>();
    for (FactChecker.PairCheck check : facts.check(pairs, FactChecker.context(sample))) {
      List<Contradiction> found = check.contradictions();
      if (!found.isEmpty()) {
        contradicting++;
        for (Contradiction c : found) {
          reasons.add("answer " + (check.index() + 1) + ": " + c.explain());
        }
      }
    }
    return new Breakdown(grounding / n, length / n, (double) distinct / n, leaks, refusals, n,
        contradicting, reasons);
  }

  @Override
  public Rating rate(InstructionSample sample, ImageRef image) {
    Objects.requireNonNull(sample, "sample == null");
    Breakdown b = measure(sample);
    double score = Math.round(b.total() * rubric.scale() * 10) / 10.0;
    String why = b.answers() == 0 ? "no answered question" : b.explain();
    return new Rating(sample.id(), score, rubric.scale(), rubric.fullId(), RATER, why);
  }

  @Override
  public String toString() {
    return "HeuristicJudge{rubric=" + rubric.fullId() + ", scope=" + scope.wireName() + "}";
  }

  static double lengthScore(int words) {
    if (words < 5) {
      return 0;
    }
    if (words < 15) {
      return (words - 5) / 10.0;
    }
    if (words <= 150) {
      return 1;
    }
    if (words < 300) {
      return 1 - 0.5 * (words - 150) / 150.0;
    }
    return 0.5;
  }

  static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
      if (w.length() >= 4 && !STOPWORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  private static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static boolean containsAny(String lower, List<String> phrases) {
    for (String p : phrases) {
      if (lower.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }
}
