package org.biomedvital.data;

import java.util.Map;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * A preference: {@code chosen} is better than {@code rejected}. Clinician pairs usually share image
 * and question (two answers); model pairs may come from different figures.
 *
 * @param id a stable id for the pair
 * @param chosen the preferred sample
 * @param rejected the other sample
 * @param source who stated the preference
 * @param annotatorId the clinician or judge id, may be empty
 * @param weight the weight of this pair in the training loss (clinician pairs: w), > 0
 * @param attributes free-form annotation metadata (role, time, confidence, rationale)
 */
public record PreferencePair(
    String id,
    InstructionSample chosen,
    InstructionSample rejected,
    PreferenceSource source,
    String annotatorId,
    double weight,
    Map<String, String> attributes) {

  /** Validates and copies. */
  public PreferencePair {
    Checks.notBlank(id, "id");
    Objects.requireNonNull(chosen, "chosen == null");
    Objects.requireNonNull(rejected, "rejected == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(annotatorId, "annotatorId == null");
    if (!(weight > 0 && Double.isFinite(weight))) {
      throw new IllegalArgumentException("weight must be finite and > 0 but was " + weight);
    }
    attributes = Map.copyOf(attributes);
  }

  /** A pair with weight 1 and no annotator or attributes. */
  public static PreferencePair of(
      String id, InstructionSample chosen, InstructionSample rejected, PreferenceSource source) {
    return new PreferencePair(id, chosen, rejected, source, "", 1.0, Map.of());
  }

  /** A copy with another weight. */
  public PreferencePair withWeight(double newWeight) {
    return new PreferencePair(id, chosen, rejected, source, annotatorId, newWeight, attributes);
  }
}
