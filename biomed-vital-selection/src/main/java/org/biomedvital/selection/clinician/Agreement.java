package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.internal.Json;

/**
 * Inter-annotator agreement on clinician pairs: Cohen's kappa for each two annotators and
 * Krippendorff's alpha (nominal) over all, on the items they share.
 *
 * <p>An item is the unordered pair of answers (by sample id); an annotator's label is which of the
 * two they preferred. A later label of the same annotator for the same item replaces an earlier one.
 * Pairs without an annotator id count as annotator {@code unknown}.
 */
public final class Agreement {
  private Agreement() {}

  /**
   * Cohen's kappa of two annotators.
   *
   * @param pairA the first annotator's labels on the shared items
   * @param pairB the second annotator's labels, same order and length
   * @return kappa; NaN when undefined (no items, or both always used one and the same label)
   */
  public static double cohensKappa(List<String> pairA, List<String> pairB) {
    Objects.requireNonNull(pairA, "pairA == null");
    Objects.requireNonNull(pairB, "pairB == null");
    if (pairA.size() != pairB.size()) {
      throw new IllegalArgumentException("label lists differ in length: " + pairA.size() + " vs "
          + pairB.size());
    }
    int n = pairA.size();
    if (n == 0) {
      return Double.NaN;
    }
    Map<String, Integer> countA = new TreeMap<>();
    Map<String, Integer> countB = new TreeMap<>();
    int agree = 0;
    for (int i = 0; i < n; i++) {
      countA.merge(pairA.get(i), 1, Integer::sum);
      countB.merge(pairB.get(i), 1, Integer::sum);
      if (pairA.get(i).equals(pairB.get(i))) {
        agree++;
      }
    }
    double po = (double) agree / n;
    double pe = 0;
    for (Map.Entry<String, Integer> e : countA.entrySet()) {
      pe += (double) e.getValue() / n * countB.getOrDefault(e.getKey(), 0) / n;
    }
    return pe >= 1 ? Double.NaN : (po - pe) / (1 - pe);
  }

  /**
   * Krippendorff's alpha for nominal data.
   *
   * @param units each unit's labels from the annotators who labelled it (units with fewer than two
   *     labels do not count)
   * @return alpha; NaN when undefined (fewer than two pairable labels, or a single label value)
   */
  public static double krippendorffAlpha(List<List<String>> units) {
    Map<String, Map<String, Double>> o = new TreeMap<>();
    for (List<String> u : units) {
      int m = u.size();
      if (m < 2) {
        continue;
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          if (i != j) {
            o.computeIfAbsent(u.get(i), k -> new TreeMap<>())
                .merge(u.get(j), 1.0 / (m - 1), Double::sum);
          }
        }
      }
    }
    Map<String, Double> nc = new TreeMap<>();
    double n = 0;
    double observed = 0;
    for (Map.Entry<String, Map<String, Double>> row : o.entrySet()) {
      for (Map.Entry<String, Double> cell : row.getValue().entrySet()) {
        nc.merge(row.getKey(), cell.getValue(), Double::sum);
        n += cell.getValue();
        if (!row.getKey().equals(cell.getKey())) {
          observed += cell.getValue();
        }
      }
    }
    double expected = 0;
    for (Map.Entry<String, Double> c : nc.entrySet()) {
      for (Map.Entry<String, Double> k : nc.entrySet()) {
        if (!c.getKey().equals(k.getKey())) {
          expected += c.getValue() * k.getValue();
        }
      }
    }
    if (n <= 1 || expected == 0) {
      return Double.NaN;
    }
    return 1 - (n - 1) * observed / expected;
  }

  /** The per-annotator counts and agreement statistics of a set of clinician pairs. */
  public record Report(
      Map<String, Integer> pairsPerAnnotator,
      int items,
      int sharedItems,
      Map<String, Double> kappaPerAnnotatorPair,
      Map<String, Integer> sharedPerAnnotatorPair,
      double alpha) {
    /** Copies. */
    public Report {
      pairsPerAnnotator = Map.copyOf(pairsPerAnnotator);
      kappaPerAnnotatorPair = Map.copyOf(kappaPerAnnotatorPair);
      sharedPerAnnotatorPair = Map.copyOf(sharedPerAnnotatorPair);
    }

    /** A readable multi-line report, numbers formatted with Locale.ROOT. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%d items, %d labelled by two or more annotators%n",
          items, sharedItems));
      sb.append("pairs per annotator:\n");
      new TreeMap<>(pairsPerAnnotator).forEach((a, c) ->
          sb.append(String.format(Locale.ROOT, "  %-20s %d%n", a, c)));
      if (!kappaPerAnnotatorPair.isEmpty()) {
        sb.append("Cohen's kappa (shared items):\n");
        new TreeMap<>(kappaPerAnnotatorPair).forEach((k, v) ->
            sb.append(String.format(Locale.ROOT, "  %-30s %s (%d)%n", k, fmt(v),
                sharedPerAnnotatorPair.get(k))));
      }
      sb.append("Krippendorff's alpha (nominal): ").append(fmt(alpha)).append('\n');
      return sb.toString();
    }

    /** The report as a JSON object (undefined statistics are null). */
    public String toJson() {
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("items", items);
      n.put("shared_items", sharedItems);
      ObjectNode per = n.putObject("pairs_per_annotator");
      new TreeMap<>(pairsPerAnnotator).forEach(per::put);
      ArrayNode k = n.putArray("cohens_kappa");
      new TreeMap<>(kappaPerAnnotatorPair).forEach((pair, v) -> {
        ObjectNode e = k.addObject();
        e.put("annotators", pair);
        e.put("shared_items", sharedPerAnnotatorPair.get(pair));
        if (Double.isNaN(v)) {
          e.putNull("kappa");
        } else {
          e.put("kappa", v);
        }
      });
      if (Double.isNaN(alpha)) {
        n.putNull("krippendorff_alpha");
      } else {
        n.put("krippendorff_alpha", alpha);
      }
      return n.toString();
    }

    private static String fmt(double v) {
      return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }
  }

  /** Computes the report of a set of clinician pairs. */
  public static Report of(List<PreferencePair> pairs) {
    Map<String, Integer> perAnnotator = new TreeMap<>();
    // item -> annotator -> label ("first" or "second" answer in id order)
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    for (PreferencePair p : pairs) {
      String annotator = p.annotatorId().isBlank() ? "unknown" : p.annotatorId();
      perAnnotator.merge(annotator, 1, Integer::sum);
      String a = p.chosen().id();
      String b = p.rejected().id();
      String item = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
      String label = a.compareTo(b) < 0 ? "first" : "second";
      labels.computeIfAbsent(item, k -> new LinkedHashMap<>()).put(annotator, label);
    }
    List<String> annotators = new ArrayList<>(perAnnotator.keySet());
    Map<String, Double> kappas = new TreeMap<>();
    Map<String, Integer> shared = new TreeMap<>();
    for (int i = 0; i < annotators.size(); i++) {
      for (int j = i + 1; j < annotators.size(); j++) {
        List<String> la = new ArrayList<>();
        List<String> lb = new ArrayList<>();
        for (Map<String, String> byAnnotator : labels.values()) {
          String x = byAnnotator.get(annotators.get(i));
          String y = byAnnotator.get(annotators.get(j));
          if (x != null && y != null) {
            la.add(x);
            lb.add(y);
          }
        }
        if (!la.isEmpty()) {
          String key = annotators.get(i) + " vs " + annotators.get(j);
          kappas.put(key, cohensKappa(la, lb));
          shared.put(key, la.size());
        }
      }
    }
    List<List<String>> units = new ArrayList<>();
    Set<String> sharedItems = new HashSet<>();
    labels.forEach((item, byAnnotator) -> {
      units.add(new ArrayList<>(byAnnotator.values()));
      if (byAnnotator.size() >= 2) {
        sharedItems.add(item);
      }
    });
    return new Report(perAnnotator, labels.size(), sharedItems.size(), kappas, shared,
        krippendorffAlpha(units));
  }
}
