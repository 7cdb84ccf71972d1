package org.biomedvital.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Shares a whole number among groups in proportion to their weights by the largest-remainder
 * method, never giving a group more than it can take; what a full group cannot take goes to the
 * others. Used for per-domain quotas (demonstration sampling, selection).
 */
public final class LargestRemainder {
  private LargestRemainder() {}

  /**
   * How many of {@code total} each group gets.
   *
   * <p>Each round gives every group still open the floor of its exact share of what is left, then
   * one more to the largest fractional parts (ties to the smaller key) until nothing is left. A
   * group is open while its weight is positive and its quota is below its capacity. Rounds repeat
   * until nothing is left or no group can take more. Weights are summed in {@code weights}'
   * iteration order, so a caller that keeps its order gets reproducible quotas.
   *
   * @param weights each group's weight; groups with a weight that is not positive get nothing
   * @param capacity the most a group can take (its group size)
   * @return the quota of each group that got any; a group that got nothing may be absent
   */
  public static <K extends Comparable<? super K>> Map<K, Integer> allot(
      int total, Map<K, Double> weights, ToIntFunction<? super K> capacity) {
    Map<K, Integer> quota = new HashMap<>();
    Map<K, Double> open = new LinkedHashMap<>(weights);
    int left = total;
    while (left > 0) {
      open.entrySet().removeIf(e -> !(e.getValue() > 0)
          || capacity.applyAsInt(e.getKey()) <= quota.getOrDefault(e.getKey(), 0));
      if (open.isEmpty()) {
        break;
      }
      double sum = open.values().stream().mapToDouble(Double::doubleValue).sum();
      Map<K, Double> remainders = new LinkedHashMap<>();
      int given = 0;
      for (Map.Entry<K, Double> e : open.entrySet()) {
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
