package org.biomedvital.selection.preference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;

/**
 * Mixes clinician pairs (R_human), each weighted {@code w}, into model pairs (R_model, weight 1),
 * as the paper's sweep over {@code w} in {1, 10, 100, 200, 300, 400} does. The effective human
 * share of the training loss mass is {@code n_h w / (n_h w + n_m)}: with the paper's 50 clinician
 * and 30,000 model pairs, 0.17% at w=1, 14% at w=100 and 40% at w=400.
 */
public final class PreferenceMixer {
  /** The paper's sweep of clinician-pair weights. */
  public static final List<Double> PAPER_WEIGHTS = List.of(1.0, 10.0, 100.0, 200.0, 300.0, 400.0);

  private PreferenceMixer() {}

  /**
   * Adds {@code clinicianTrain} pairs weighted {@code w} to the model dataset's training pairs and
   * {@code clinicianTest} pairs (weight 1, for the alignment check) to its validation pairs. Model
   * pairs keep their weight.
   *
   * @throws IllegalArgumentException when {@code w} is not a finite number > 0, or a clinician pair
   *     is not marked {@link PreferenceSource#CLINICIAN}
   */
  public static PreferenceDataset mix(PreferenceDataset model, List<PreferencePair> clinicianTrain,
      List<PreferencePair> clinicianTest, double w) {
    Objects.requireNonNull(model, "model == null");
    if (!(w > 0 && Double.isFinite(w))) {
      throw new IllegalArgumentException("human weight must be finite and > 0 but was " + w);
    }
    List<PreferencePair> train = new ArrayList<>(model.train());
    for (PreferencePair p : clinicianTrain) {
      train.add(clinician(p).withWeight(w));
    }
    List<PreferencePair> test = new ArrayList<>(model.validation());
    for (PreferencePair p : clinicianTest) {
      test.add(clinician(p).withWeight(1.0));
    }
    return new PreferenceDataset(train, test);
  }

  /**
   * Clinician pairs split into training and held-out validation pairs, like the official test file,
   * so alignment is measured on pairs the scorer never trained on.
   *
   * @param train the pairs that go into training (weighted w)
   * @param validation the held-out pairs (weight 1, for clinician alignment)
   */
  public record ClinicianSplit(List<PreferencePair> train, List<PreferencePair> validation) {
    /** Copies. */
    public ClinicianSplit {
      train = List.copyOf(train);
      validation = List.copyOf(validation);
    }
  }

  /**
   * Holds out {@code validationFraction} of the clinician pairs (at least one when the fraction is
   * above 0 and there are two or more pairs), chosen by {@code seed}: the pairs are ordered by id,
   * then shuffled, so the same pairs and seed give the same split in any input order.
   *
   * @throws IllegalArgumentException when the fraction is not in [0, 0.9]
   */
  public static ClinicianSplit split(List<PreferencePair> clinician, double validationFraction,
      long seed) {
    if (!(validationFraction >= 0 && validationFraction <= 0.9)) {
      throw new IllegalArgumentException(
          "clinician validation fraction must be in [0, 0.9] but was " + validationFraction);
    }
    List<PreferencePair> ordered = new ArrayList<>(clinician);
    ordered.sort(java.util.Comparator.comparing(PreferencePair::id));
    java.util.Collections.shuffle(ordered, new java.util.Random(seed));
    int held = (int) Math.floor(ordered.size() * validationFraction);
    if (held == 0 && validationFraction > 0 && ordered.size() >= 2) {
      held = 1;
    }
    return new ClinicianSplit(ordered.subList(held, ordered.size()), ordered.subList(0, held));
  }

  /** {@link #mix(PreferenceDataset, List, List, double)} with every clinician pair in training. */
  public static PreferenceDataset mix(PreferenceDataset model, List<PreferencePair> clinician,
      double w) {
    return mix(model, clinician, List.of(), w);
  }

  /** The human share of the loss mass for {@code humanPairs} at weight {@code w} among {@code modelPairs}. */
  public static double expectedHumanShare(int humanPairs, double w, int modelPairs) {
    double h = humanPairs * w;
    return h + modelPairs == 0 ? 0 : h / (h + modelPairs);
  }

  /** A one-line summary: pair counts per source and the human share, formatted with Locale.ROOT. */
  public static String describe(PreferenceDataset d) {
    long humanTrain = d.train().stream().filter(p -> p.source() == PreferenceSource.CLINICIAN).count();
    long humanTest =
        d.validation().stream().filter(p -> p.source() == PreferenceSource.CLINICIAN).count();
    return String.format(Locale.ROOT,
        "train: %d pairs (%d clinician, %d model); test: %d pairs (%d clinician, %d model); "
            + "human share of the loss mass: %.2f%%",
        d.train().size(), humanTrain, d.train().size() - humanTrain, d.validation().size(),
        humanTest, d.validation().size() - humanTest, 100 * d.humanShare());
  }

  private static PreferencePair clinician(PreferencePair p) {
    Objects.requireNonNull(p, "pair == null");
    if (p.source() != PreferenceSource.CLINICIAN) {
      throw new IllegalArgumentException(
          "pair " + p.id() + " is a " + p.source() + " pair; only clinician pairs get the human weight");
    }
    return p;
  }
}
