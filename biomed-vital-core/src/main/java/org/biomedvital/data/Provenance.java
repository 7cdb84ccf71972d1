package org.biomedvital.data;

import java.util.List;
import java.util.Objects;

/**
 * Where a generated sample came from.
 *
 * @param generator the generator's name, e.g. {@code caption-grounded}
 * @param model the model id, empty when no model was called
 * @param promptTemplate the prompt-template id and version, e.g. {@code biomed-vital-v1}
 * @param demonstrationIds the ids of the demonstrations in the prompt, in order
 * @param candidateIndex which candidate of its figure this is, from 0
 * @param seed the seed the candidate was generated with
 */
public record Provenance(
    String generator,
    String model,
    String promptTemplate,
    List<String> demonstrationIds,
    int candidateIndex,
    long seed) {

  /** The provenance of samples read from a file that records none. */
  public static final Provenance UNKNOWN = new Provenance("", "", "", List.of(), 0, 0L);

  /** Validates and copies. */
  public Provenance {
    Objects.requireNonNull(generator, "generator == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(promptTemplate, "promptTemplate == null");
    demonstrationIds = List.copyOf(demonstrationIds);
    if (candidateIndex < 0) {
      throw new IllegalArgumentException("candidateIndex must be >= 0 but was " + candidateIndex);
    }
  }
}
