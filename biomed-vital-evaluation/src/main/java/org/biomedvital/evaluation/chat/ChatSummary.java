package org.biomedvital.evaluation.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.EvaluationMode;

/**
 * The open visual chat table: relative score, mean reference and model scores and counts per
 * question type, per domain and overall, computed from reviews.
 *
 * <h2>Per question</h2>
 *
 * The first pass gives (reference, model) = (Assistant 1, Assistant 2). When the swapped pass ran,
 * it gives (model, reference), and each score is the mean of its two passes. The question's ratio
 * is model / reference.
 *
 * <ul>
 *   <li>{@link EvaluationMode#COMPAT}: a reply whose first line is not two space-separated numbers
 *       ({@link JudgeScores#parseCompat}) scores (1, 1), as BioMed-VITAL's {@code eva.py} does
 *       (LLaVA-Med's {@code summarize_gpt_review.py} stops with an error instead).
 *   <li>{@link EvaluationMode#CORRECTED}: replies are parsed tolerantly ({@link JudgeScores#parse});
 *       a question with an unparseable pass is excluded and listed.
 *   <li>Both: a reference score of 0 would divide by zero (the scripts stop); such a question is
 *       excluded and listed.
 * </ul>
 *
 * <p>Groups: each type ({@code conversation} and {@code detailed_description} first), each domain
 * present (by first true flag in chest_xray, mri, histology, gross, ct_scan; {@code none} when no
 * flag is set) and {@code overall}.
 *
 * @param mode the parsing rules used
 * @param byType scores per question type, in table order
 * @param byDomain scores per domain wire name ({@code chest_xray}...), in table order
 * @param overall scores over every scored question
 * @param excluded the questions left out, with why
 */
public record ChatSummary(EvaluationMode mode, Map<String, GroupScore> byType,
    Map<String, GroupScore> byDomain, GroupScore overall, List<Excluded> excluded) {
  /** The domain key of questions with no domain flag. */
  public static final String NO_DOMAIN = "none";

  /** Validates and copies. */
  public ChatSummary {
    Objects.requireNonNull(mode, "mode == null");
    byType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    byDomain = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byDomain));
    Objects.requireNonNull(overall, "overall == null");
    excluded = List.copyOf(excluded);
  }

  /**
   * A review left out of the table.
   *
   * @param questionId the question
   * @param reason why, e.g. {@code first line has no two scores: "Assistant 1 is better"}
   */
  public record Excluded(String questionId, String reason) {}

  /** Computes the table from reviews. */
  public static ChatSummary compute(List<ChatReview> reviews, EvaluationMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    Map<String, Acc> types = new TreeMap<>(ChatSummary::compareTypes);
    Map<String, Acc> domains = new TreeMap<>(ChatSummary::compareDomains);
    Acc overall = new Acc();
    List<Excluded> excluded = new ArrayList<>();
    for (ChatReview r : reviews) {
      Object scored = score(r, mode);
      if (scored instanceof String) {
        excluded.add(new Excluded(r.questionId(), (String) scored));
        continue;
      }
      double[] s = (double[]) scored;
      String domain = r.domain().map(Domain::wireName).orElse(NO_DOMAIN);
      for (Acc a : List.of(types.computeIfAbsent(r.type(), k -> new Acc()),
          domains.computeIfAbsent(domain, k -> new Acc()), overall)) {
        a.add(s[0], s[1]);
      }
    }
    Map<String, GroupScore> byType = new LinkedHashMap<>();
    types.forEach((k, v) -> byType.put(k, v.score()));
    Map<String, GroupScore> byDomain = new LinkedHashMap<>();
    domains.forEach((k, v) -> byDomain.put(k, v.score()));
    return new ChatSummary(mode, byType, byDomain, overall.score(), excluded);
  }

  /** (reference, model) scores, or the reason the review is excluded. */
  private static Object score(ChatReview r, EvaluationMode mode) {
    Optional<JudgeScores> first = parse(r.judgement(), mode);
    if (first.isEmpty()) {
      return "first line has no two scores: " + quote(r.judgement());
    }
    double reference = first.get().assistant1();
    double model = first.get().assistant2();
    if (r.swappedJudgement().isPresent()) {
      Optional<JudgeScores> second = parse(r.swappedJudgement().get(), mode);
      if (second.isEmpty()) {
        return "swapped pass: first line has no two scores: " + quote(r.swappedJudgement().get());
      }
      model = (model + second.get().assistant1()) / 2;
      reference = (reference + second.get().assistant2()) / 2;
    }
    if (reference == 0) {
      return "the reference score is 0, so the ratio is undefined";
    }
    return new double[] {reference, model};
  }

  private static Optional<JudgeScores> parse(String review, EvaluationMode mode) {
    if (mode == EvaluationMode.COMPAT) {
      return Optional.of(JudgeScores.parseCompat(review).orElse(new JudgeScores(1, 1)));
    }
    return JudgeScores.parse(review);
  }

  private static String quote(String s) {
    String line = s.strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) {
      line = line.substring(0, nl);
    }
    if (line.length() > 80) {
      line = line.substring(0, 80) + "...";
    }
    return "\"" + line + "\"";
  }

  private static int compareTypes(String a, String b) {
    return Integer.compare(typeRank(a), typeRank(b)) != 0
        ? Integer.compare(typeRank(a), typeRank(b)) : a.compareTo(b);
  }

  private static int typeRank(String t) {
    return t.equals("conversation") ? 0 : t.equals("detailed_description") ? 1 : 2;
  }

  private static int compareDomains(String a, String b) {
    return Integer.compare(domainRank(a), domainRank(b));
  }

  private static int domainRank(String wire) {
    for (int i = 0; i < Domain.EVALUATION_ORDER.size(); i++) {
      if (Domain.EVALUATION_ORDER.get(i).wireName().equals(wire)) {
        return i;
      }
    }
    return Domain.EVALUATION_ORDER.size();
  }

  private static final class Acc {
    int n;
    double reference;
    double model;
    double ratio;

    void add(double ref, double mod) {
      n++;
      reference += ref;
      model += mod;
      ratio += mod / ref;
    }

    GroupScore score() {
      if (n == 0) {
        return new GroupScore(0, Double.NaN, Double.NaN, Double.NaN);
      }
      return new GroupScore(n, ratio / n * 100, reference / n, model / n);
    }
  }
}
