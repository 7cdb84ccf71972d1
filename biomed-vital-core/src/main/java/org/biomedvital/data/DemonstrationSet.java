package org.biomedvital.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.biomedvital.format.Demonstrations;

/**
 * An immutable, ordered set of clinician demonstrations with seeded sampling.
 *
 * <pre>{@code
 * DemonstrationSet demos = DemonstrationSet.builder()
 *     .load(Path.of("clinician-demonstrations.jsonl"))
 *     .dedupeById()
 *     .build();
 * List<Demonstration> shots = demos.sample(SamplingStrategy.perDomain(1), 42L);
 * }</pre>
 */
public final class DemonstrationSet {
  private final List<Demonstration> demonstrations;

  private DemonstrationSet(List<Demonstration> demonstrations) {
    this.demonstrations = List.copyOf(demonstrations);
  }

  /** A set holding exactly these demonstrations. */
  public static DemonstrationSet of(Collection<Demonstration> demonstrations) {
    return new DemonstrationSet(new ArrayList<>(demonstrations));
  }

  /** Reads a demonstrations file (the clinician-demonstration JSONL or a JSON array). */
  public static DemonstrationSet from(Path file) {
    return builder().load(file).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these demonstrations, with no filter and no de-duplication. */
  public Builder toBuilder() {
    return new Builder().addAll(demonstrations);
  }

  /** All demonstrations, in order. */
  public List<Demonstration> all() {
    return demonstrations;
  }

  /** The number of demonstrations. */
  public int size() {
    return demonstrations.size();
  }

  /** The demonstrations flagged with {@code domain}, in order. */
  public List<Demonstration> byDomain(Domain domain) {
    Objects.requireNonNull(domain, "domain == null");
    List<Demonstration> out = new ArrayList<>();
    for (Demonstration d : demonstrations) {
      if (d.figure().domains().contains(domain)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Samples with {@code strategy}; the same seed gives the same demonstrations in the same order. */
  public List<Demonstration> sample(SamplingStrategy strategy, long seed) {
    Objects.requireNonNull(strategy, "strategy == null");
    return strategy.sample(this, new Random(seed));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DemonstrationSet && ((DemonstrationSet) o).demonstrations.equals(demonstrations);
  }

  @Override
  public int hashCode() {
    return demonstrations.hashCode();
  }

  @Override
  public String toString() {
    return "DemonstrationSet{" + demonstrations.size() + " demonstrations}";
  }

  /**
   * Builds a {@link DemonstrationSet}. The builder is declarative: {@link #build()} takes every
   * demonstration added or loaded, keeps those that pass every filter, then (with {@link
   * #dedupeById()}) keeps the first of each id, whatever order the calls were made in: a filter set
   * before a {@link #load} applies to what is loaded.
   */
  public static final class Builder {
    private final List<Demonstration> demonstrations = new ArrayList<>();
    private final List<Predicate<Demonstration>> filters = new ArrayList<>();
    private boolean dedupeById;

    private Builder() {}

    /** Adds one demonstration. */
    public Builder add(Demonstration demonstration) {
      demonstrations.add(Objects.requireNonNull(demonstration, "demonstration == null"));
      return this;
    }

    /** Adds demonstrations. */
    public Builder addAll(Collection<Demonstration> more) {
      more.forEach(this::add);
      return this;
    }

    /**
     * Adds every demonstration of a file (read now; filters still apply at {@link #build()}).
     *
     * @throws org.biomedvital.InvalidDataException naming file, line and field of a bad record
     */
    public Builder load(Path file) {
      return addAll(Demonstrations.read(file));
    }

    /** Keeps only the demonstrations flagged with at least one of {@code domains}. */
    public Builder filterDomains(Set<Domain> domains) {
      Set<Domain> keep = Set.copyOf(Objects.requireNonNull(domains, "domains == null"));
      return filter(d -> d.figure().domains().stream().anyMatch(keep::contains));
    }

    /** Keeps only the demonstrations that match; several filters must all match. */
    public Builder filter(Predicate<Demonstration> keep) {
      filters.add(Objects.requireNonNull(keep, "keep == null"));
      return this;
    }

    /** Keeps the first demonstration of each id (among those the filters keep). */
    public Builder dedupeById() {
      this.dedupeById = true;
      return this;
    }

    /** Builds the set: filters first, then de-duplication. */
    public DemonstrationSet build() {
      List<Demonstration> kept = new ArrayList<>();
      for (Demonstration d : demonstrations) {
        if (filters.stream().allMatch(f -> f.test(d))) {
          kept.add(d);
        }
      }
      if (!dedupeById) {
        return new DemonstrationSet(kept);
      }
      Map<String, Demonstration> first = new LinkedHashMap<>();
      for (Demonstration d : kept) {
        first.putIfAbsent(d.id(), d);
      }
      return new DemonstrationSet(new ArrayList<>(first.values()));
    }
  }
}
