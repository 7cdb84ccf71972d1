package org.biomedvital.selection;

import java.util.List;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;

/**
 * Preference pairs split for training and validation. Clinician and model pairs are mixed, each
 * with its own weight.
 */
public record PreferenceDataset(List<PreferencePair> train, List<PreferencePair> validation) {
  /** Copies. */
  public PreferenceDataset {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /**
   * The clinician pairs' share of the training loss mass: their summed weight over all pairs' summed
   * weight (the paper's 50w / (50w + 30000)); 0 when there are no pairs.
   */
  public double humanShare() {
    double human = 0;
    double all = 0;
    for (PreferencePair p : train) {
      all += p.weight();
      if (p.source() == PreferenceSource.CLINICIAN) {
        human += p.weight();
      }
    }
    return all == 0 ? 0 : human / all;
  }
}
