package org.biomedvital.selection.preference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Hashing;
import org.biomedvital.selection.PreferenceDataset;

/**
 * Builds model preference pairs (R_model) from judge ratings with the BioMed-VITAL scheme.
 *
 * <h2>Level pairs (the paper's scheme)</h2>
 *
 * <ol>
 *   <li>Group rated candidates by score level (the score rounded to an integer); reject levels with
 *       a single item. Each level's items are ordered by id and shuffled with the seed.
 *   <li>The first {@code trainFraction} (80%) of each level feeds training, the rest testing
 *       (at least one item on each side), so no item is in both.
 *   <li>{@code trainPairs} times (default 30,000): pick two different levels uniformly, one item
 *       from each level's training part; the higher level is chosen. Then {@code testPairs} times
 *       (default 10,000) the same from the test parts. Draws are with replacement, as in the paper.
 * </ol>
 *
 * <h2>Same-figure pairs</h2>
 *
 * When a figure has several rated candidates, each two with different scores also make a pair
 * (the higher chosen). It joins the split its items already belong to; items in no split yet go to
 * the split chosen by a seeded hash of the figure id (80% train). A pair whose items sit in
 * different splits is dropped, so items stay disjoint.
 *
 * <p>Deterministic: the same ratings (in any order) and seed give the same pairs.
 */
public final class ModelPairBuilder {
  /** The paper's number of training pairs. */
  public static final int DEFAULT_TRAIN_PAIRS = 30_000;
  /** The paper's number of test pairs. */
  public static final int DEFAULT_TEST_PAIRS = 10_000;
  /** The paper's share of each level that feeds training. */
  public static final double DEFAULT_TRAIN_FRACTION = 0.8;

  private final int trainPairs;
  private final int testPairs;
  private final double trainFraction;
  private final long seed;
  private final boolean sameFigurePairs;

  private ModelPairBuilder(Builder b) {
    this.trainPairs = b.trainPairs;
    this.testPairs = b.testPairs;
    this.trainFraction = b.trainFraction;
    this.seed = b.seed;
    this.sameFigurePairs = b.sameFigurePairs;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this builder's settings. */
  public Builder toBuilder() {
    return new Builder().trainPairs(trainPairs).testPairs(testPairs).trainFraction(trainFraction)
        .seed(seed).sameFigurePairs(sameFigurePairs);
  }

  /**
   * Builds the pairs.
   *
   * @throws InvalidDataException when fewer than two score levels hold two or more items
   */
  public PreferenceDataset build(List<RatedSample> ratings) {
    Objects.requireNonNull(ratings, "ratings == null");
    Map<String, RatedSample> byId = new LinkedHashMap<>();
    for (RatedSample r : ratings) {
      byId.putIfAbsent(r.sample().id(), r);
    }
    List<RatedSample> items = new ArrayList<>(byId.values());
    items.sort(Comparator.comparing(r -> r.sample().id()));
    Random random = new Random(seed);
    TreeMap<Integer, List<RatedSample>> levels = new TreeMap<>();
    for (RatedSample r : items) {
      levels.computeIfAbsent(r.level(), l -> new ArrayList<>()).add(r);
    }
    List<List<RatedSample>> trainPools = new ArrayList<>();
    List<List<RatedSample>> testPools = new ArrayList<>();
    List<Integer> levelOf = new ArrayList<>();
    Map<String, Split> splitOf = new HashMap<>();
    for (Map.Entry<Integer, List<RatedSample>> e : levels.entrySet()) {
      List<RatedSample> level = e.getValue();
      if (level.size() < 2) {
        continue;
      }
      java.util.Collections.shuffle(level, random);
      int k = Math.max(1, Math.min(level.size() - 1, (int) Math.floor(trainFraction * level.size())));
      trainPools.add(level.subList(0, k));
      testPools.add(level.subList(k, level.size()));
      levelOf.add(e.getKey());
      level.subList(0, k).forEach(r -> splitOf.put(r.sample().id(), Split.TRAIN));
      level.subList(k, level.size()).forEach(r -> splitOf.put(r.sample().id(), Split.VALIDATION));
    }
    if (levelOf.size() < 2 && (trainPairs > 0 || testPairs > 0)) {
      throw new InvalidDataException(String.format(Locale.ROOT,
          "cannot build model pairs: %d ratings give %d score level(s) with at least 2 items "
              + "(levels %s); need 2 or more such levels; rate more candidates",
          items.size(), levelOf.size(), levels.keySet()));
    }
    List<PreferencePair> train = new ArrayList<>(trainPairs);
    List<PreferencePair> test = new ArrayList<>(testPairs);
    draw(trainPools, levelOf, trainPairs, random, "train", train);
    draw(testPools, levelOf, testPairs, random, "test", test);
    if (sameFigurePairs) {
      addSameFigurePairs(items, splitOf, train, test);
    }
    return new PreferenceDataset(train, test);
  }

  private void draw(List<List<RatedSample>> pools, List<Integer> levels, int n, Random random,
      String split, List<PreferencePair> out) {
    int m = pools.size();
    String prefix = "model-s" + seed + "-" + split + "-";
    for (int i = 0; i < n; i++) {
      int l1 = random.nextInt(m);
      int l2 = random.nextInt(m - 1);
      if (l2 >= l1) {
        l2++;
      }
      List<RatedSample> p1 = pools.get(l1);
      List<RatedSample> p2 = pools.get(l2);
      RatedSample a = p1.get(random.nextInt(p1.size()));
      RatedSample b = p2.get(random.nextInt(p2.size()));
      boolean aWins = levels.get(l1) > levels.get(l2);
      out.add(pair(prefix + pad(i), aWins ? a : b, aWins ? b : a, "levels"));
    }
  }

  /** {@code i} with at least six digits, as {@code %06d} gives, without a formatter per pair. */
  private static String pad(int i) {
    String s = Integer.toString(i);
    return s.length() >= 6 ? s : "000000".substring(s.length()) + s;
  }

  private void addSameFigurePairs(List<RatedSample> items, Map<String, Split> splitOf,
      List<PreferencePair> train, List<PreferencePair> test) {
    Map<String, List<RatedSample>> byFigure = new TreeMap<>();
    for (RatedSample r : items) {
      byFigure.computeIfAbsent(r.sample().figureId(), f -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<RatedSample>> e : byFigure.entrySet()) {
      List<RatedSample> group = e.getValue();
      if (group.size() < 2) {
        continue;
      }
      String h = Hashing.sha256Hex(seed + ":" + e.getKey());
      Split figureSplit = Integer.parseInt(h.substring(0, 4), 16) % 100
          < Math.round(trainFraction * 100) ? Split.TRAIN : Split.VALIDATION;
      for (int i = 0; i < group.size(); i++) {
        for (int j = i + 1; j < group.size(); j++) {
          RatedSample a = group.get(i);
          RatedSample b = group.get(j);
          int c = Double.compare(a.rating().score(), b.rating().score());
          if (c == 0) {
            continue;
          }
          Split sa = splitOf.get(a.sample().id());
          Split sb = splitOf.get(b.sample().id());
          Split s = sa != null ? sa : sb != null ? sb : figureSplit;
          if ((sa != null && sa != s) || (sb != null && sb != s)) {
            continue;
          }
          splitOf.put(a.sample().id(), s);
          splitOf.put(b.sample().id(), s);
          RatedSample chosen = c > 0 ? a : b;
          RatedSample rejected = c > 0 ? b : a;
          String id = "model-fig-" + chosen.sample().id() + ">" + rejected.sample().id();
          (s == Split.TRAIN ? train : test).add(pair(id, chosen, rejected, "same-figure"));
        }
      }
    }
  }

  private static PreferencePair pair(String id, RatedSample chosen, RatedSample rejected,
      String kind) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("kind", kind);
    attrs.put("chosen_score", Double.toString(chosen.rating().score()));
    attrs.put("rejected_score", Double.toString(rejected.rating().score()));
    attrs.put("rubric_id", chosen.rating().rubricId());
    return new PreferencePair(id, chosen.sample(), rejected.sample(), PreferenceSource.MODEL,
        chosen.rating().rater(), 1.0, attrs);
  }

  /** Builds {@link ModelPairBuilder}s; every setting has the paper's default. */
  public static final class Builder {
    private int trainPairs = DEFAULT_TRAIN_PAIRS;
    private int testPairs = DEFAULT_TEST_PAIRS;
    private double trainFraction = DEFAULT_TRAIN_FRACTION;
    private long seed = 42L;
    private boolean sameFigurePairs = true;

    private Builder() {}

    /** Level pairs for training, >= 0; default {@link #DEFAULT_TRAIN_PAIRS}. */
    public Builder trainPairs(int n) {
      this.trainPairs = Checks.nonNegative(n, "trainPairs");
      return this;
    }

    /** Level pairs for testing, >= 0; default {@link #DEFAULT_TEST_PAIRS}. */
    public Builder testPairs(int n) {
      this.testPairs = Checks.nonNegative(n, "testPairs");
      return this;
    }

    /** The share of each level that feeds training, in (0, 1); default 0.8. */
    public Builder trainFraction(double f) {
      Checks.checkArgument(f > 0 && f < 1, "trainFraction must be in (0, 1) but was %s", f);
      this.trainFraction = f;
      return this;
    }

    /** The seed; default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether to add same-figure pairs; default true. */
    public Builder sameFigurePairs(boolean on) {
      this.sameFigurePairs = on;
      return this;
    }

    /** Builds the pair builder. */
    public ModelPairBuilder build() {
      return new ModelPairBuilder(this);
    }
  }
}
