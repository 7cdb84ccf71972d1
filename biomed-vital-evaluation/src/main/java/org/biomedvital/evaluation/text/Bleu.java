package org.biomedvital.evaluation.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sentence-level BLEU with the semantics of NLTK 3.8's {@code sentence_bleu} without smoothing,
 * which the LLaVA-Med VQA scripts call.
 *
 * <ul>
 *   <li>Modified n-gram precision p<sub>n</sub>: hypothesis n-gram counts clipped by the largest
 *       count in any reference, over max(1, number of hypothesis n-grams).
 *   <li>Brevity penalty: 1 when the hypothesis is longer than the closest reference length (ties
 *       go to the shorter reference), 0 for an empty hypothesis, else exp(1 - r/c).
 *   <li>When no unigram matches at all the score is exactly 0.
 *   <li>Otherwise a precision with no match is replaced by the smallest normal double
 *       (2.2250738585072014E-308, NLTK's {@code sys.float_info.min}), so a weight on it drives the
 *       score to about 1e-308 rather than exactly 0, as NLTK does; and a zero weight makes it vanish,
 *       so {@code weights (0, 1, 0, 0)} is the pure bigram precision times the brevity penalty.
 *   <li>Score = BP &times; exp(&Sigma; w<sub>n</sub> log p<sub>n</sub>).
 * </ul>
 *
 * <p>Tokens are compared as given; callers tokenise (LLaVA-Med lower-cases and splits on whitespace).
 * Thread-safe and allocation-light.
 */
public final class Bleu {
  /** NLTK's default weights: uniform over 1- to 4-grams. */
  public static final double[] DEFAULT_WEIGHTS = {0.25, 0.25, 0.25, 0.25};

  private Bleu() {}

  /**
   * The BLEU score of {@code hypothesis} against {@code references} with the given n-gram weights
   * (weights[0] for unigrams).
   *
   * @throws IllegalArgumentException when there is no reference or no weight
   */
  public static double sentenceBleu(
      List<List<String>> references, List<String> hypothesis, double... weights) {
    Objects.requireNonNull(references, "references == null");
    Objects.requireNonNull(hypothesis, "hypothesis == null");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("BLEU needs at least one reference");
    }
    if (weights.length == 0) {
      throw new IllegalArgumentException("BLEU needs at least one weight");
    }
    int maxN = weights.length;
    long[] numerators = new long[maxN];
    long[] denominators = new long[maxN];
    for (int n = 1; n <= maxN; n++) {
      modifiedPrecision(references, hypothesis, n, numerators, denominators);
    }
    if (numerators[0] == 0) {
      return 0.0;
    }
    int hypLen = hypothesis.size();
    int refLen = closestReferenceLength(references, hypLen);
    double bp = brevityPenalty(refLen, hypLen);
    double sum = 0.0;
    for (int i = 0; i < maxN; i++) {
      double p = numerators[i] == 0
          ? Double.MIN_NORMAL
          : (double) numerators[i] / (double) denominators[i];
      sum += weights[i] * Math.log(p);
    }
    return bp * Math.exp(sum);
  }

  /** {@link #sentenceBleu(List, List, double...)} with one reference. */
  public static double singleReference(List<String> reference, List<String> hypothesis, double... weights) {
    return sentenceBleu(List.of(reference), hypothesis, weights);
  }

  private static void modifiedPrecision(List<List<String>> references, List<String> hypothesis,
      int n, long[] numerators, long[] denominators) {
    Map<List<String>, Integer> counts = ngrams(hypothesis, n);
    Map<List<String>, Integer> maxRef = new HashMap<>();
    for (List<String> reference : references) {
      Map<List<String>, Integer> refCounts = ngrams(reference, n);
      for (List<String> g : counts.keySet()) {
        maxRef.merge(g, refCounts.getOrDefault(g, 0), Math::max);
      }
    }
    long clipped = 0;
    long total = 0;
    for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
      clipped += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
      total += e.getValue();
    }
    numerators[n - 1] = clipped;
    denominators[n - 1] = Math.max(1, total);
  }

  private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
    }
    return counts;
  }

  private static int closestReferenceLength(List<List<String>> references, int hypLen) {
    int best = -1;
    for (List<String> r : references) {
      int len = r.size();
      if (best < 0 || Math.abs(len - hypLen) < Math.abs(best - hypLen)
          || (Math.abs(len - hypLen) == Math.abs(best - hypLen) && len < best)) {
        best = len;
      }
    }
    return best;
  }

  private static double brevityPenalty(int refLen, int hypLen) {
    if (hypLen > refLen) {
      return 1.0;
    }
    if (hypLen == 0) {
      return 0.0;
    }
    return Math.exp(1.0 - (double) refLen / hypLen);
  }
}
