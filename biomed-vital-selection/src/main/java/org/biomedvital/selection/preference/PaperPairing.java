package org.biomedvital.selection.preference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.Rating;
import org.biomedvital.pipeline.PairingInput;
import org.biomedvital.pipeline.PreferencePairing;
import org.biomedvital.selection.PreferenceDataset;

/**
 * The paper's pairing for the pipeline's pairs stage: {@link ModelPairBuilder} on the judge's
 * ratings (seeded with the run's seed) plus the clinician pairs, which arrive already weighted and
 * all go to training.
 *
 * <pre>{@code
 * VitalPipeline.builder()...pairing(PaperPairing.of(ModelPairBuilder.builder().build()))
 * }</pre>
 */
public final class PaperPairing implements PreferencePairing {
  private final ModelPairBuilder builder;

  private PaperPairing(ModelPairBuilder builder) {
    this.builder = builder;
  }

  /** Pairs with {@code builder}'s settings; its seed is replaced by the run's. */
  public static PaperPairing of(ModelPairBuilder builder) {
    return new PaperPairing(Objects.requireNonNull(builder, "builder == null"));
  }

  /** Pairs with the paper's defaults (30,000 train and 10,000 test model pairs). */
  public static PaperPairing defaults() {
    return of(ModelPairBuilder.builder().build());
  }

  @Override
  public PreferenceDataset pair(PairingInput input) {
    Map<String, InstructionSample> byId = new HashMap<>();
    for (InstructionSample s : input.candidates()) {
      byId.putIfAbsent(s.id(), s);
    }
    List<RatedSample> rated = new ArrayList<>();
    for (Rating r : input.ratings()) {
      InstructionSample s = byId.get(r.sampleId());
      if (s != null) {
        rated.add(new RatedSample(r, s, ""));
      }
    }
    PreferenceDataset model = builder.toBuilder().seed(input.seed()).build().build(rated);
    List<PreferencePair> train = new ArrayList<>(model.train());
    train.addAll(input.clinicianPairs());
    return new PreferenceDataset(train, model.validation());
  }
}
