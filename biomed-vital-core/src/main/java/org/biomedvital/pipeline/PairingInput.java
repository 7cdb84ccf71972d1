package org.biomedvital.pipeline;

import java.util.List;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.Rating;

/**
 * What the pairs stage hands to a {@link PreferencePairing}.
 *
 * @param candidates every generated candidate
 * @param ratings the judge's ratings of the candidates (by sample id)
 * @param clinicianPairs the clinicians' pairs, already weighted by the human weight
 * @param seed the run's seed
 */
public record PairingInput(
    List<InstructionSample> candidates, List<Rating> ratings, List<PreferencePair> clinicianPairs,
    long seed) {
  /** Copies. */
  public PairingInput {
    candidates = List.copyOf(candidates);
    ratings = List.copyOf(ratings);
    clinicianPairs = List.copyOf(clinicianPairs);
  }
}
