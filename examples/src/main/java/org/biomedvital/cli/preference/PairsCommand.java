package org.biomedvital.cli.preference;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.cli.Defaults;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.clinician.AnnotationFormat;
import org.biomedvital.selection.clinician.ClinicianAnnotations;
import org.biomedvital.selection.preference.ModelPairBuilder;
import org.biomedvital.selection.preference.PreferenceMixer;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.Ratings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code biomed-vital pairs}: model pairs from ratings, mixed with weighted clinician pairs. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
    description = "Build the preference dataset: model pairs from judge ratings (the paper's "
        + "score-level scheme plus same-figure pairs) and clinician pairs weighted w.")
public final class PairsCommand implements CliCommand, Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--ratings", required = true, paramLabel = "FILE",
      description = "Judge ratings (ratings.jsonl, as judge writes).")
  Path ratings;

  @Option(names = "--candidates", paramLabel = "FILE",
      description = "candidates.jsonl, for ratings lines that do not embed their candidate "
          + "(as the pipeline's judge stage writes them) (default: none).")
  Path candidates;

  @Option(names = "--clinician", paramLabel = "FILE",
      description = "Clinician pairs (vital JSONL, as 'clinician import' writes) (default: none).")
  Path clinician;

  @Option(names = "--human-weight", defaultValue = "1", paramLabel = "W",
      description = "Weight of each clinician pair; the paper sweeps 1, 10, 100, 200, 300, 400 "
          + "(default: ${DEFAULT-VALUE}).")
  double humanWeight;

  @Option(names = "--clinician-validation", defaultValue = "0.2", paramLabel = "F",
      description = "Share of the clinician pairs held out for validation: alignment is measured on "
          + "pairs the scorer never trained on, like the official test file "
          + "(default: ${DEFAULT-VALUE}).")
  double clinicianValidation;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The preference pairs to write (pairs.jsonl).")
  Path out;

  @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
      description = "Seed of the pair sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--train-pairs", defaultValue = "30000", paramLabel = "N",
      description = "Model level pairs for training (default: ${DEFAULT-VALUE}).")
  int trainPairs;

  @Option(names = "--test-pairs", defaultValue = "10000", paramLabel = "N",
      description = "Model level pairs for testing (default: ${DEFAULT-VALUE}).")
  int testPairs;

  @Option(names = "--no-same-figure", description = "Leave out same-figure pairs.")
  boolean noSameFigure;

  /** Picocli creates it. */
  public PairsCommand() {}

  @Override
  public Integer call() {
    PreferenceDataset model = ModelPairBuilder.builder().trainPairs(trainPairs)
        .testPairs(testPairs).seed(seed).sameFigurePairs(!noSameFigure).build()
        .build(candidates == null ? Ratings.read(ratings) : Ratings.read(ratings, candidates));
    List<PreferencePair> human = clinician == null ? List.of()
        : ClinicianAnnotations.read(AnnotationFormat.VITAL, clinician);
    if (!(clinicianValidation >= 0 && clinicianValidation <= 0.9)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--clinician-validation must be in [0, 0.9] but was " + clinicianValidation);
    }
    PreferenceMixer.ClinicianSplit split = PreferenceMixer.split(human, clinicianValidation, seed);
    PreferenceDataset mixed = human.isEmpty() ? model
        : PreferenceMixer.mix(model, split.train(), split.validation(), humanWeight);
    int written = PreferencePairs.write(out, mixed);
    var w = spec.commandLine().getOut();
    w.println(PreferenceMixer.describe(mixed));
    w.println(written + " pairs written to " + out
        + (written < mixed.train().size() + mixed.validation().size()
            ? " (the rest were already there)" : ""));
    return 0;
  }
}
