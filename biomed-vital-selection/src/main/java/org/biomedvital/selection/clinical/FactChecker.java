package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;

/**
 * Checks each answer of a candidate against its figure's caption and inline mentions, and against
 * the question it answers: the clinical facts they agree on and those they contradict.
 *
 * <p>The question is a reference only for what a question presupposes (modality, side, plane,
 * measurements, counts): "Is there a fracture?" answered "There is no fracture" contradicts
 * nothing, so direction is compared with the caption alone, and negation too unless the question asks
 * openly ("What does the leptomeningeal enhancement signify?" presupposes the enhancement: "there is
 * no enhancement" contradicts it).
 *
 * <pre>{@code
 * FactChecker checker = FactChecker.create();
 * for (FactChecker.PairCheck p : checker.check(sample)) {
 *   p.contradictions().forEach(c -> System.out.println(c.explain()));
 * }
 * }</pre>
 *
 * <p>Thread-safe; it remembers the facts of the last {@value #CONTEXT_CACHE} captions and questions it
 * read.
 */
public final class FactChecker {
  /** The kinds compared with the question. */
  public static final Set<FactKind> QUESTION_KINDS = Set.copyOf(EnumSet.of(FactKind.MODALITY,
      FactKind.LATERALITY, FactKind.PLANE, FactKind.MEASUREMENT, FactKind.COUNT));

  /**
   * The kinds compared with an open question ("What does the enhancement signify?"), which presupposes
   * what it names: those of {@link #QUESTION_KINDS} and negation.
   */
  public static final Set<FactKind> OPEN_QUESTION_KINDS = Set.copyOf(EnumSet.of(FactKind.MODALITY,
      FactKind.LATERALITY, FactKind.PLANE, FactKind.MEASUREMENT, FactKind.COUNT, FactKind.NEGATION));

  private static final java.util.regex.Pattern OPEN_QUESTION = java.util.regex.Pattern.compile(
      "(?:^|[.?!,;:]\\s*)(?:what|which|where|how|why|whose|describe|explain)\\b",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  private static final Set<FactKind> ALL = Set.copyOf(EnumSet.allOf(FactKind.class));

  private static final int CONTEXT_CACHE = 1024;

  private final ClinicalFactExtractor extractor;
  // Candidates of one figure share its caption and mentions, and questions repeat: read once.
  private final Map<String, ClinicalFacts> contexts = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ClinicalFacts> eldest) {
      return size() > CONTEXT_CACHE;
    }
  };

  private FactChecker(ClinicalFactExtractor extractor) {
    this.extractor = extractor;
  }

  private ClinicalFacts cached(String context) {
    synchronized (contexts) {
      ClinicalFacts f = contexts.get(context);
      if (f != null) {
        return f;
      }
    }
    ClinicalFacts f = extractor.extract(context);
    synchronized (contexts) {
      contexts.put(context, f);
    }
    return f;
  }

  /** A checker with the built-in lexicon. */
  public static FactChecker create() {
    return new FactChecker(ClinicalFactExtractor.create());
  }

  /** A checker with {@code lexicon}. */
  public static FactChecker of(ClinicalLexicon lexicon) {
    return new FactChecker(ClinicalFactExtractor.of(lexicon));
  }

  /**
   * A checker with the built-in lexicon extended by the lexicon file {@code lexicon}, when given
   * (the {@code lexicon} setting of the judge and selector providers).
   *
   * @throws org.biomedvital.InvalidDataException when the file is missing or malformed
   */
  public static FactChecker extendedBy(java.util.Optional<java.nio.file.Path> lexicon) {
    return lexicon.map(p -> of(ClinicalLexicon.builtIn().extendedWith(ClinicalLexicon.load(p))))
        .orElseGet(FactChecker::create);
  }

  /** The extractor. */
  public ClinicalFactExtractor extractor() {
    return extractor;
  }

  /**
   * The comparison of one Q/A pair.
   *
   * @param index the pair's position in the conversation, from 0
   * @param withCaption the answer against the caption and mentions
   * @param withQuestion the answer against its question
   * @param withOtherAnswers the answer against the conversation's other answers (self-consistency)
   */
  public record PairCheck(int index, FactComparison withCaption, FactComparison withQuestion,
      FactComparison withOtherAnswers) {
    /** The contradictions with the caption and the question, the caption's first. */
    public List<Contradiction> contradictions() {
      List<Contradiction> out = new ArrayList<>(withCaption.contradictions());
      out.addAll(withQuestion.contradictions());
      return out;
    }
  }

  /** The caption and mentions of a sample as one text. */
  public static String context(InstructionSample sample) {
    StringBuilder sb = new StringBuilder(sample.caption());
    for (String m : sample.mentions()) {
      sb.append('\n').append(m);
    }
    return sb.toString();
  }

  /** Checks every Q/A pair of {@code sample}. */
  public List<PairCheck> check(InstructionSample sample) {
    Objects.requireNonNull(sample, "sample == null");
    return check(sample.conversation().pairs(), context(sample));
  }

  /** Checks Q/A pairs against a caption-and-mentions text. */
  public List<PairCheck> check(List<QaPair> pairs, String context) {
    ClinicalFacts ctx = cached(context);
    List<ClinicalFacts> answers = new ArrayList<>(pairs.size());
    for (QaPair p : pairs) {
      answers.add(extractor.extract(Conversation.stripImageToken(p.answer())));
    }
    List<PairCheck> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      ClinicalFacts answer = answers.get(i);
      ClinicalFacts question = cached(Conversation.stripImageToken(pairs.get(i).question()));
      List<ClinicalFacts> others = new ArrayList<>(answers);
      others.remove(i);
      String q = pairs.get(i).question();
      out.add(new PairCheck(i, FactComparison.compare(answer, ctx, ALL, "caption"),
          FactComparison.compare(answer, question, asksOpenly(q) ? OPEN_QUESTION_KINDS : QUESTION_KINDS, "question"),
          FactComparison.compare(answer, ClinicalFacts.union(others), ALL, "other answers")));
    }
    return out;
  }

  /**
   * Whether a question asks openly (a clause starting with what, which, where, how, why, describe,
   * explain), so that it presupposes the findings it names, unlike a yes/no question ("Is there a
   * fracture?").
   */
  static boolean asksOpenly(String question) {
    return OPEN_QUESTION.matcher(question.strip()).find();
  }

  /** Every contradiction of {@code sample}'s answers, in pair order. */
  public List<Contradiction> contradictions(InstructionSample sample) {
    List<Contradiction> out = new ArrayList<>();
    for (PairCheck p : check(sample)) {
      out.addAll(p.contradictions());
    }
    return out;
  }
}
