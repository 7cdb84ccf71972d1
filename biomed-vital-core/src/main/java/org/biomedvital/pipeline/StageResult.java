package org.biomedvital.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a stage reports when it finishes; it goes into {@code run-manifest.json}.
 *
 * @param counts named counts, e.g. {@code candidates: 80, failed: 0}
 * @param spendUsd the money the stage spent on remote models, in US dollars
 * @param details named facts for the lineage: {@code model}, {@code prompt_template}, {@code
 *     rubric_id}, {@code embedder} and the like
 */
public record StageResult(Map<String, Long> counts, double spendUsd, Map<String, String> details) {
  /** Nothing to report. */
  public static final StageResult EMPTY = new StageResult(Map.of(), 0, Map.of());

  /** Validates and copies, keeping insertion order. */
  public StageResult {
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    if (!(spendUsd >= 0 && Double.isFinite(spendUsd))) {
      throw new IllegalArgumentException("spendUsd must be finite and >= 0 but was " + spendUsd);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these counts, spend and details. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.counts.putAll(counts);
    b.details.putAll(details);
    b.spendUsd = spendUsd;
    return b;
  }

  /** Builds {@link StageResult}s; the spend starts at 0 and the maps empty. */
  public static final class Builder {
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private double spendUsd;

    private Builder() {}

    /** Sets a count. */
    public Builder count(String name, long value) {
      counts.put(Objects.requireNonNull(name, "name == null"), value);
      return this;
    }

    /** Adds to the spend. */
    public Builder spend(double usd) {
      spendUsd += usd;
      return this;
    }

    /** Sets a detail. */
    public Builder detail(String name, String value) {
      details.put(Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Builds the result. */
    public StageResult build() {
      return new StageResult(counts, spendUsd, details);
    }
  }
}
