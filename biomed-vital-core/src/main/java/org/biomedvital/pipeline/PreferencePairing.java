package org.biomedvital.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.data.Rating;
import org.biomedvital.internal.Checks;
import org.biomedvital.selection.PreferenceDataset;

/**
 * Builds the scorer's preference dataset from the judge's ratings and the clinicians' pairs (the
 * pairs stage). The selection module offers the paper's score-level scheme; {@link #sameFigure}
 * is a small built-in default.
 */
@FunctionalInterface
public interface PreferencePairing {

  /** Builds the dataset; clinician pairs keep their weights, model pairs weigh 1. */
  PreferenceDataset pair(PairingInput input);

  /**
   * Model pairs between candidates of the same figure whose ratings differ (the better-rated one
   * chosen), plus every clinician pair; a seeded {@code validationFraction} of each kind is held out
   * for validation.
   */
  static PreferencePairing sameFigure(double validationFraction) {
    Checks.inRange(validationFraction, 0, 0.9, "validationFraction");
    return input -> {
      Map<String, Double> score = new HashMap<>();
      for (Rating r : input.ratings()) {
        score.put(r.sampleId(), r.normalised());
      }
      Map<String, List<InstructionSample>> byFigure = new LinkedHashMap<>();
      for (InstructionSample s : input.candidates()) {
        if (score.containsKey(s.id())) {
          byFigure.computeIfAbsent(s.figureId(), f -> new ArrayList<>()).add(s);
        }
      }
      List<PreferencePair> model = new ArrayList<>();
      for (List<InstructionSample> group : byFigure.values()) {
        group.sort(Comparator.comparing(InstructionSample::id));
        for (int i = 0; i < group.size(); i++) {
          for (int j = i + 1; j < group.size(); j++) {
            InstructionSample a = group.get(i);
            InstructionSample b = group.get(j);
            double d = score.get(a.id()) - score.get(b.id());
            if (d != 0) {
              InstructionSample chosen = d > 0 ? a : b;
              InstructionSample rejected = d > 0 ? b : a;
              model.add(PreferencePair.of("model:" + chosen.id() + ">" + rejected.id(), chosen,
                  rejected, PreferenceSource.MODEL));
            }
          }
        }
      }
      Random random = new Random(input.seed());
      List<PreferencePair> train = new ArrayList<>();
      List<PreferencePair> validation = new ArrayList<>();
      for (List<PreferencePair> kind : List.of(model, input.clinicianPairs())) {
        List<PreferencePair> shuffled = new ArrayList<>(kind);
        java.util.Collections.shuffle(shuffled, random);
        int held = (int) Math.floor(shuffled.size() * validationFraction);
        validation.addAll(shuffled.subList(0, held));
        train.addAll(shuffled.subList(held, shuffled.size()));
      }
      return new PreferenceDataset(train, validation);
    };
  }
}
