package org.biomedvital.selection.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.LargestRemainder;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.embed.Vectors;

/**
 * The selectors. Every one returns its picks best first (score descending, then sample id, figure
 * id and image ascending), so the result does not depend on the order of the input. Compose them
 * with {@link Selector#andThen}:
 *
 * <pre>{@code
 * Selector s = Selectors.bestPerFigure(1)
 *     .andThen(Selectors.dedupe(0.95, vectors))
 *     .andThen(Selectors.topFraction(0.8));
 * }</pre>
 */
public final class Selectors {
  /** Best first: score descending, then id, figure id and image ascending. */
  public static final Comparator<ScoredSample> BEST_FIRST =
      Comparator.comparingDouble(ScoredSample::score).reversed()
          .thenComparing(s -> s.sample().id())
          .thenComparing(s -> s.sample().figureId())
          .thenComparing(s -> s.sample().image());

  /** The group name of candidates without a domain flag. */
  public static final String NO_DOMAIN = "none";

  private Selectors() {}

  /** The input sorted best first. */
  public static List<ScoredSample> sorted(List<ScoredSample> scored) {
    List<ScoredSample> out = new ArrayList<>(scored);
    out.sort(BEST_FIRST);
    return out;
  }

  /** The best {@code floor(fraction * n)} candidates (the paper's global top fraction). */
  public static Selector topFraction(double fraction) {
    Checks.inRange(fraction, 0, 1, "fraction");
    return scored -> {
      List<ScoredSample> s = sorted(scored);
      return List.copyOf(s.subList(0, fractionCount(fraction, s.size())));
    };
  }

  static int fractionCount(double fraction, int n) {
    return (int) Math.min(n, Math.floor(fraction * n + 1e-9));
  }

  /** The best {@code k} candidates (all when there are fewer). */
  public static Selector topK(int k) {
    Checks.nonNegative(k, "k");
    return scored -> {
      List<ScoredSample> s = sorted(scored);
      return List.copyOf(s.subList(0, Math.min(k, s.size())));
    };
  }

  /** The candidates scoring at least {@code threshold}. */
  public static Selector threshold(double threshold) {
    Checks.checkArgument(!Double.isNaN(threshold), "threshold must not be NaN");
    return scored -> sorted(scored).stream().filter(s -> s.score() >= threshold).toList();
  }

  /** The best {@code n} candidates of each figure (by {@link InstructionSample#figureId()}). */
  public static Selector bestPerFigure(int n) {
    Checks.positive(n, "n");
    return scored -> {
      Map<String, Integer> kept = new HashMap<>();
      List<ScoredSample> out = new ArrayList<>();
      for (ScoredSample s : sorted(scored)) {
        if (kept.merge(s.sample().figureId(), 1, Integer::sum) <= n) {
          out.add(s);
        }
      }
      return List.copyOf(out);
    };
  }

  /**
   * Removes near-duplicates: going best first, a candidate is dropped when its cosine similarity to
   * one already kept exceeds {@code maxCosine}. Cost O(n * kept).
   *
   * @param vectors the candidate's embedding (called once per candidate)
   */
  public static Selector dedupe(double maxCosine, Function<InstructionSample, float[]> vectors) {
    Checks.inRange(maxCosine, -1, 1, "maxCosine");
    Objects.requireNonNull(vectors, "vectors == null");
    return scored -> {
      List<ScoredSample> out = new ArrayList<>();
      List<float[]> keptVectors = new ArrayList<>();
      for (ScoredSample s : sorted(scored)) {
        float[] v = Vectors.normaliseInPlace(vectors.apply(s.sample()).clone());
        boolean duplicate = false;
        for (float[] k : keptVectors) {
          if (Vectors.dot(v, k) > maxCosine) {
            duplicate = true;
            break;
          }
        }
        if (!duplicate) {
          out.add(s);
          keptVectors.add(v);
        }
      }
      return List.copyOf(out);
    };
  }

  /**
   * Greedy k-center diversity: starts from the best-scored candidate and repeatedly adds the
   * candidate farthest (cosine distance) from all picked so far (ties to the better score), until
   * {@code size} gives the count; returns the picks best first.
   */
  public static Selector kCenter(Size size, Function<InstructionSample, float[]> vectors) {
    Objects.requireNonNull(size, "size == null");
    Objects.requireNonNull(vectors, "vectors == null");
    return scored -> {
      List<ScoredSample> s = sorted(scored);
      int k = size.count(s.size());
      if (k >= s.size()) {
        return List.copyOf(s);
      }
      List<float[]> v = new ArrayList<>(s.size());
      for (ScoredSample x : s) {
        v.add(Vectors.normaliseInPlace(vectors.apply(x.sample()).clone()));
      }
      double[] nearest = new double[s.size()];
      java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
      boolean[] picked = new boolean[s.size()];
      List<ScoredSample> out = new ArrayList<>(k);
      int next = 0;
      while (out.size() < k) {
        picked[next] = true;
        out.add(s.get(next));
        int best = -1;
        for (int i = 0; i < s.size(); i++) {
          if (picked[i]) {
            continue;
          }
          nearest[i] = Math.min(nearest[i], 1 - Vectors.dot(v.get(i), v.get(next)));
          if (best < 0 || nearest[i] > nearest[best]) {
            best = i;
          }
        }
        next = best;
      }
      out.sort(BEST_FIRST);
      return List.copyOf(out);
    };
  }

  /**
   * Per-domain quotas: {@code size} gives the total; it is shared among domain groups in proportion
   * to {@code mix} (largest remainder; a group with too few candidates passes its surplus on), and
   * each group keeps its best. A candidate's group is its first domain flag in {@link
   * Domain#WIRE_ORDER}, or {@link #NO_DOMAIN}.
   */
  public static Selector domainQuota(Size size, DomainMix mix) {
    Objects.requireNonNull(size, "size == null");
    Objects.requireNonNull(mix, "mix == null");
    return scored -> {
      List<ScoredSample> s = sorted(scored);
      Map<String, List<ScoredSample>> groups = new LinkedHashMap<>();
      for (ScoredSample x : s) {
        groups.computeIfAbsent(group(x.sample()), g -> new ArrayList<>()).add(x);
      }
      Map<String, Integer> quota = quotas(size.count(s.size()), mix.weights(groups), groups);
      List<ScoredSample> out = new ArrayList<>();
      groups.forEach((g, list) -> out.addAll(list.subList(0, quota.getOrDefault(g, 0))));
      out.sort(BEST_FIRST);
      return List.copyOf(out);
    };
  }

  /** A candidate's domain group: its first domain flag in wire order, or {@link #NO_DOMAIN}. */
  public static String group(InstructionSample sample) {
    return Domain.firstOf(sample.domains(), Domain.WIRE_ORDER).map(Domain::wireName).orElse(NO_DOMAIN);
  }

  /** Largest-remainder allotment of {@code total} by {@code weights}, capped by group sizes. */
  static Map<String, Integer> quotas(int total, Map<String, Double> weights,
      Map<String, List<ScoredSample>> groups) {
    return LargestRemainder.allot(total, weights,
        g -> groups.containsKey(g) ? groups.get(g).size() : 0);
  }

  /** How many candidates a sizing selector keeps out of {@code n}. */
  @FunctionalInterface
  public interface Size {
    /** The count to keep out of {@code n} candidates. */
    int count(int n);

    /** {@code floor(fraction * n)}. */
    static Size fraction(double fraction) {
      Checks.inRange(fraction, 0, 1, "fraction");
      return n -> fractionCount(fraction, n);
    }

    /** {@code min(k, n)}. */
    static Size top(int k) {
      Checks.nonNegative(k, "k");
      return n -> Math.min(k, n);
    }
  }

  /** The domain mix quotas follow. */
  @FunctionalInterface
  public interface DomainMix {
    /** The weight of each group name, given the groups of the candidates. */
    Map<String, Double> weights(Map<String, List<ScoredSample>> groups);

    /** The pool's own mix: each group weighted by its size. */
    static DomainMix pool() {
      return groups -> {
        Map<String, Double> w = new LinkedHashMap<>();
        groups.forEach((g, list) -> w.put(g, (double) list.size()));
        return w;
      };
    }

    /**
     * A target mix by domain wire name ({@code chest_xray}, ..., or {@code none}); groups not named
     * get nothing.
     *
     * @throws IllegalArgumentException for an unknown name or a negative or non-finite weight
     */
    static DomainMix target(Map<String, Double> weights) {
      Map<String, Double> w = new LinkedHashMap<>();
      weights.forEach((name, value) -> {
        String g = name.equals(NO_DOMAIN) ? NO_DOMAIN : Domain.fromWireName(name).map(Domain::wireName)
            .orElseThrow(() -> new IllegalArgumentException("unknown domain '" + name
                + "' in the target mix; use chest_xray, mri, ct_scan, histology, gross or none"));
        Checks.checkArgument(value != null && value >= 0 && Double.isFinite(value),
            "target mix weight of %s must be a finite number >= 0 but was %s", name, value);
        w.put(g, value);
      });
      Checks.checkArgument(w.values().stream().mapToDouble(Double::doubleValue).sum() > 0,
          "target mix must give some domain a positive weight");
      return groups -> w;
    }
  }

  /** Counts the candidates per domain group. */
  public static Map<String, Integer> groupCounts(List<ScoredSample> scored) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Domain d : Domain.WIRE_ORDER) {
      m.put(d.wireName(), 0);
    }
    m.put(NO_DOMAIN, 0);
    for (ScoredSample s : scored) {
      m.merge(group(s.sample()), 1, Integer::sum);
    }
    return m;
  }

}
