package org.biomedvital.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Largest-remainder allotment of a whole number among weighted keys, each capped by its capacity:
 * each round gives every key the whole part of its share of what is left, then one more to the
 * largest remainders (ties to the smaller key), and rounds repeat on what full keys could not take.
 * Shared by the domain quotas of demonstration sampling (core) and of per-domain selection
 * (biomed-vital-selection).
 */
public final class LargestRemainder {
  private LargestRemainder() {}

  /**
   * Shares {@code total} among the keys of {@code weights} with a weight above 0.
   *
   * @param weights the weight of each key; its iteration order is kept when summing weights
   * @param capacity the most a key can take; a key whose capacity is reached takes no more
   * @return the count given to each key that took part (absent: 0); the counts sum to {@code total}
   *     unless every key is full
   */
  public static <K extends Comparable<? super K>> Map<K, Integer> allot(int total,
      Map<K, Double> weights, ToIntFunction<? super K> capacity) {
    Map<K, Integer> quota = new HashMap<>();
    Map<K, Double> live = new LinkedHashMap<>();
    weights.forEach((k, w) -> {
      if (w > 0) {
        live.put(k, w);
      }
    });
    int left = total;
    while (left > 0) {
      live.keySet().removeIf(k -> quota.getOrDefault(k, 0) >= capacity.applyAsInt(k));
      if (live.isEmpty()) {
        break;
      }
      double sum = live.values().stream().mapToDouble(Double::doubleValue).sum();
      Map<K, Double> remainders = new LinkedHashMap<>();
      int given = 0;
      for (Map.Entry<K, Double> e : live.entrySet()) {
        double exact = left * e.getValue() / sum;
        int room = capacity.applyAsInt(e.getKey()) - quota.getOrDefault(e.getKey(), 0);
        int whole = (int) Math.min(Math.floor(exact), room);
        quota.merge(e.getKey(), whole, Integer::sum);
        given += whole;
        if (whole < room) {
          remainders.put(e.getKey(), exact - Math.floor(exact));
        }
      }
      left -= given;
      List<Map.Entry<K, Double>> order = new ArrayList<>(remainders.entrySet());
      order.sort(Map.Entry.<K, Double>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey()));
      for (Map.Entry<K, Double> e : order) {
        if (left == 0) {
          break;
        }
        quota.merge(e.getKey(), 1, Integer::sum);
        left--;
        given++;
      }
      if (given == 0) {
        break;
      }
    }
    return quota;
  }
}
