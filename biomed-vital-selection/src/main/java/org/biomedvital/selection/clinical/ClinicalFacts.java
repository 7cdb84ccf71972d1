package org.biomedvital.selection.clinical;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clinical facts one text states, as read by {@link ClinicalFactExtractor}. Terms are stemmed
 * content words (see the extractor); a term may be both affirmed and negated when the text says
 * both in different places.
 *
 * @param modalities modality values ({@code ct}, {@code mri:t2}, {@code histology:he}, ...)
 * @param sides each side named, with the words it qualifies
 * @param planes planes and views ({@code axial}, {@code sagittal}, {@code pa}, ...)
 * @param anatomy anatomy values ({@code lung}, {@code kidney}, ...)
 * @param affirmed terms stated outside any negation or hedge scope
 * @param negated terms inside a negation scope
 * @param uncertain terms inside a hedge scope
 * @param measurements sizes and other measurements with units
 * @param counts counted term to its counts ({@code "2"}, {@code "many"})
 * @param directions axis ({@code size}, {@code amount}, {@code signal}, ...) to {@code up}/{@code down}
 */
public record ClinicalFacts(
    Set<String> modalities,
    List<Side> sides,
    Set<String> planes,
    Set<String> anatomy,
    Set<String> affirmed,
    Set<String> negated,
    Set<String> uncertain,
    List<Measurement> measurements,
    Map<String, Set<String>> counts,
    Map<String, Set<String>> directions) {

  /** Copies. */
  public ClinicalFacts {
    modalities = Set.copyOf(modalities);
    sides = List.copyOf(sides);
    planes = Set.copyOf(planes);
    anatomy = Set.copyOf(anatomy);
    affirmed = Set.copyOf(affirmed);
    negated = Set.copyOf(negated);
    uncertain = Set.copyOf(uncertain);
    measurements = List.copyOf(measurements);
    counts = Map.copyOf(counts);
    directions = Map.copyOf(directions);
  }

  /**
   * A side of the body named in the text.
   *
   * @param side {@code left}, {@code right} or {@code bilateral}
   * @param anchors the stemmed words and anatomy values it qualifies ("right lung": {@code lung})
   */
  public record Side(String side, Set<String> anchors) {
    /** Copies. */
    public Side {
      anchors = Set.copyOf(anchors);
    }
  }

  /**
   * A measurement.
   *
   * @param kind the unit's kind ({@code length}, {@code volume}, {@code attenuation}, ...)
   * @param value the value in the kind's base unit (mm for length, ml for volume)
   * @param text the text it was read from, e.g. {@code "7.0 cm"}
   */
  public record Measurement(String kind, double value, String text) {}

  /** The facts of several texts together. */
  public static ClinicalFacts union(List<ClinicalFacts> parts) {
    Set<String> modalities = new java.util.LinkedHashSet<>();
    List<Side> sides = new java.util.ArrayList<>();
    Set<String> planes = new java.util.LinkedHashSet<>();
    Set<String> anatomy = new java.util.LinkedHashSet<>();
    Set<String> affirmed = new java.util.LinkedHashSet<>();
    Set<String> negated = new java.util.LinkedHashSet<>();
    Set<String> uncertain = new java.util.LinkedHashSet<>();
    List<Measurement> measurements = new java.util.ArrayList<>();
    Map<String, Set<String>> counts = new java.util.LinkedHashMap<>();
    Map<String, Set<String>> directions = new java.util.LinkedHashMap<>();
    for (ClinicalFacts f : parts) {
      modalities.addAll(f.modalities);
      sides.addAll(f.sides);
      planes.addAll(f.planes);
      anatomy.addAll(f.anatomy);
      affirmed.addAll(f.affirmed);
      negated.addAll(f.negated);
      uncertain.addAll(f.uncertain);
      measurements.addAll(f.measurements);
      f.counts.forEach((k, v) -> counts.computeIfAbsent(k, x -> new java.util.LinkedHashSet<>()).addAll(v));
      f.directions.forEach((k, v) -> directions.computeIfAbsent(k, x -> new java.util.LinkedHashSet<>()).addAll(v));
    }
    return new ClinicalFacts(modalities, sides, planes, anatomy, affirmed, negated, uncertain, measurements,
        counts, directions);
  }

  /** Whether the text states nothing the comparison can use. */
  public boolean isEmpty() {
    return modalities.isEmpty() && sides.isEmpty() && planes.isEmpty() && anatomy.isEmpty()
        && affirmed.isEmpty() && negated.isEmpty() && measurements.isEmpty() && counts.isEmpty()
        && directions.isEmpty();
  }
}
