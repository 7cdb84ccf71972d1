package org.biomedvital.evaluation.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.evaluation.internal.PyText;

/**
 * Token-level VQA metrics in two flavours: {@code *Compat} methods reproduce LLaVA-Med's
 * {@code eval_metrics} functions exactly (each normalises its inputs again, as they do), the others
 * are the corrected definitions over {@link #tokens(String) clean tokens}.
 *
 * <h2>Compat quirks</h2>
 *
 * <ul>
 *   <li>{@link #overlapCompat}: true positives count the <em>prediction's</em> occurrences of each
 *       shared word, not the clipped overlap, so repeating a correct word inflates recall: reference
 *       {@code "b c"}, prediction {@code "a b b"} gives recall 2/3 rather than 1/2.
 *   <li>{@link #exactMatchCompat} is not an exact match: it is the number of distinct reference
 *       words found in the prediction divided by the number of prediction tokens.
 * </ul>
 */
public final class TokenMetrics {
  private TokenMetrics() {}

  /** Word counts of Python's {@code s.lower().strip().split()}, in first-seen order. */
  public static Map<String, Integer> wordCounts(String s) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String w : PyText.split(PyText.lower(s))) {
      counts.merge(w, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * LLaVA-Med's {@code calculate_f1score(candidate, reference)}: both normalised, then tp = sum of
   * the prediction's counts of shared words, fp = prediction-only words, fn = reference-only words;
   * all zero when either side is empty or tp is 0.
   */
  public static Overlap overlapCompat(String prediction, String reference) {
    Map<String, Integer> cand = wordCounts(VqaNormalizer.normalize(prediction));
    Map<String, Integer> ref = wordCounts(VqaNormalizer.normalize(reference));
    if (cand.isEmpty() || ref.isEmpty()) {
      return Overlap.ZERO;
    }
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (Map.Entry<String, Integer> e : cand.entrySet()) {
      if (ref.containsKey(e.getKey())) {
        tp += e.getValue();
      } else {
        fp += e.getValue();
      }
    }
    for (Map.Entry<String, Integer> e : ref.entrySet()) {
      if (!cand.containsKey(e.getKey())) {
        fn += e.getValue();
      }
    }
    if (tp == 0) {
      return Overlap.ZERO;
    }
    double precision = (double) tp / (tp + fp);
    double recall = (double) tp / (tp + fn);
    return new Overlap(precision, recall, 2 * precision * recall / (precision + recall));
  }

  /**
   * LLaVA-Med's {@code calculate_exactmatch(candidate, reference)}: both normalised, then the
   * number of distinct reference words present in the prediction over the number of prediction
   * tokens (0 for an empty prediction).
   */
  public static double exactMatchCompat(String prediction, String reference) {
    Map<String, Integer> cand = wordCounts(VqaNormalizer.normalize(prediction));
    Map<String, Integer> ref = wordCounts(VqaNormalizer.normalize(reference));
    long count = 0;
    for (String w : ref.keySet()) {
      if (cand.containsKey(w)) {
        count++;
      }
    }
    long total = 0;
    for (int c : cand.values()) {
      total += c;
    }
    return total == 0 ? 0.0 : (double) count / total;
  }

  /**
   * Clean tokens of a text: {@link VqaNormalizer#normalize normalised}, split on whitespace, and
   * each token trimmed of leading and trailing characters that are neither letters nor digits
   * (so {@code "no:"} and {@code "(yes"} become {@code no} and {@code yes}); empty tokens dropped.
   */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String w : PyText.split(VqaNormalizer.normalize(PyText.lower(text)))) {
      int start = 0;
      int end = w.length();
      while (start < end && !Character.isLetterOrDigit(w.charAt(start))) {
        start++;
      }
      while (end > start && !Character.isLetterOrDigit(w.charAt(end - 1))) {
        end--;
      }
      if (end > start) {
        out.add(w.substring(start, end));
      }
    }
    return out;
  }

  /**
   * Corrected token overlap (the SQuAD definition): tp = sum over words of min(prediction count,
   * reference count); precision = tp / prediction tokens, recall = tp / reference tokens.
   */
  public static Overlap overlap(List<String> prediction, List<String> reference) {
    if (prediction.isEmpty() || reference.isEmpty()) {
      return Overlap.ZERO;
    }
    Map<String, Integer> ref = new LinkedHashMap<>();
    reference.forEach(w -> ref.merge(w, 1, Integer::sum));
    Map<String, Integer> cand = new LinkedHashMap<>();
    prediction.forEach(w -> cand.merge(w, 1, Integer::sum));
    long tp = 0;
    for (Map.Entry<String, Integer> e : cand.entrySet()) {
      tp += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
    }
    if (tp == 0) {
      return Overlap.ZERO;
    }
    double precision = (double) tp / prediction.size();
    double recall = (double) tp / reference.size();
    return new Overlap(precision, recall, 2 * precision * recall / (precision + recall));
  }

  /** Whether {@code needle} occurs in {@code haystack} as a contiguous run of whole tokens. */
  public static boolean containsTokens(List<String> haystack, List<String> needle) {
    if (needle.isEmpty()) {
      return false;
    }
    outer:
    for (int i = 0; i + needle.size() <= haystack.size(); i++) {
      for (int j = 0; j < needle.size(); j++) {
        if (!haystack.get(i + j).equals(needle.get(j))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
