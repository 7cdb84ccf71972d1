package org.biomedvital.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.LargestRemainder;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * Chooses which demonstrations go into one generation prompt. Implementations must be deterministic
 * for a given {@link Random} state: the same seed gives the same sample.
 */
@FunctionalInterface
public interface SamplingStrategy {

  /** Picks demonstrations from {@code set}, drawing randomness only from {@code random}. */
  List<Demonstration> sample(DemonstrationSet set, Random random);

  /**
   * The paper's strategy: for each domain in {@link Domain#WIRE_ORDER}, {@code k} demonstrations
   * drawn at random from those flagged with it. Unlike the official code, a demonstration flagged for
   * two domains is not drawn twice: the second group draws another one when it can.
   */
  static SamplingStrategy perDomain(int k) {
    Checks.positive(k, "k");
    return new SamplingStrategy() {
      @Override
      public List<Demonstration> sample(DemonstrationSet set, Random random) {
        Set<Demonstration> chosen = new LinkedHashSet<>();
        for (Domain d : Domain.WIRE_ORDER) {
          List<Demonstration> group = new ArrayList<>(set.byDomain(d));
          group.removeAll(chosen);
          Collections.shuffle(group, random);
          chosen.addAll(group.subList(0, Math.min(k, group.size())));
        }
        return List.copyOf(chosen);
      }

      @Override
      public String toString() {
        return "perDomain(" + k + ")";
      }
    };
  }

  /**
   * {@code n} demonstrations in total, allotted to domains in proportion to {@code targetMix}
   * (largest remainder), each domain's share drawn at random from its group; a domain with too few
   * demonstrations leaves its remainder to the others. A demonstration counts for its first domain in
   * {@link Domain#WIRE_ORDER}.
   */
  static SamplingStrategy stratified(int n, Map<Domain, Double> targetMix) {
    Checks.positive(n, "n");
    Objects.requireNonNull(targetMix, "targetMix == null");
    Map<Domain, Double> mix = new EnumMap<>(Domain.class);
    targetMix.forEach((d, w) -> {
      Checks.checkArgument(w != null && w >= 0 && Double.isFinite(w),
          "targetMix weight of %s must be a finite number >= 0 but was %s", d, w);
      mix.put(d, w);
    });
    Checks.checkArgument(mix.values().stream().mapToDouble(Double::doubleValue).sum() > 0,
        "targetMix must give some domain a positive weight");
    return new SamplingStrategy() {
      @Override
      public List<Demonstration> sample(DemonstrationSet set, Random random) {
        Map<Domain, List<Demonstration>> pools = new EnumMap<>(Domain.class);
        for (Demonstration demo : set.all()) {
          Domain.firstOf(demo.figure().domains(), Domain.WIRE_ORDER)
              .ifPresent(d -> pools.computeIfAbsent(d, x -> new ArrayList<>()).add(demo));
        }
        for (List<Demonstration> pool : pools.values()) {
          Collections.shuffle(pool, random);
        }
        Map<Domain, Integer> quota = LargestRemainder.allot(
            n, mix, d -> pools.getOrDefault(d, List.of()).size());
        List<Demonstration> out = new ArrayList<>();
        for (Domain d : Domain.WIRE_ORDER) {
          int q = quota.getOrDefault(d, 0);
          if (q > 0) {
            out.addAll(pools.get(d).subList(0, q));
          }
        }
        return List.copyOf(out);
      }

      @Override
      public String toString() {
        return "stratified(" + n + ", " + mix + ")";
      }
    };
  }

  /** {@link #stratified(int, Map)} with equal weight on every domain. */
  static SamplingStrategy stratified(int n) {
    Map<Domain, Double> equal = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      equal.put(d, 1.0);
    }
    return stratified(n, equal);
  }

  /**
   * {@code n} demonstrations of maximum diversity: greedy k-center on the embeddings of their
   * caption and conversation, starting from a random one; each next pick is the demonstration
   * farthest (cosine distance) from those already picked.
   */
  static SamplingStrategy kCenter(int n, Embedder embedder) {
    Checks.positive(n, "n");
    Objects.requireNonNull(embedder, "embedder == null");
    Map<String, float[]> cache = Collections.synchronizedMap(new LinkedHashMap<>());
    return new SamplingStrategy() {
      @Override
      public List<Demonstration> sample(DemonstrationSet set, Random random) {
        List<Demonstration> all = set.all();
        if (all.size() <= n) {
          return List.copyOf(all);
        }
        float[][] vectors = new float[all.size()][];
        for (int i = 0; i < all.size(); i++) {
          Demonstration d = all.get(i);
          vectors[i] = cache.computeIfAbsent(d.id(), id -> normalise(embedder.embed(
              EmbeddingInput.text(d.figure().caption() + "\n" + d.transcript()))));
        }
        double[] nearest = new double[all.size()];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        List<Demonstration> out = new ArrayList<>(n);
        int next = random.nextInt(all.size());
        while (out.size() < n) {
          out.add(all.get(next));
          int best = -1;
          double bestDistance = -1;
          for (int i = 0; i < all.size(); i++) {
            nearest[i] = Math.min(nearest[i], 1.0 - dot(vectors[i], vectors[next]));
            if (!out.contains(all.get(i)) && nearest[i] > bestDistance) {
              bestDistance = nearest[i];
              best = i;
            }
          }
          next = best;
        }
        return List.copyOf(out);
      }

      @Override
      public String toString() {
        return "kCenter(" + n + ")";
      }
    };
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = v.clone();
    if (norm > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= (float) norm;
      }
    }
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
