package org.biomedvital.cli.selection;

import static org.biomedvital.cli.GivenOptions.ifGiven;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.cli.Defaults;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.format.Samples;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.PairLoss;
import org.biomedvital.selection.scorer.ScoreFiles;
import org.biomedvital.selection.scorer.ScorerConfig;
import org.biomedvital.selection.scorer.TextMode;
import org.biomedvital.selection.scorer.WeightSweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train-scorer}: trains the clinician-aligned scorer on preference pairs and saves it. */
@Command(name = "train-scorer", mixinStandardHelpOptions = true,
    description = "Train the clinician-aligned selection scorer (DJL PyTorch) on preference pairs.")
public final class TrainScorerCommand implements Callable<Integer>, CliCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "Preference pairs JSONL (split train/test).")
  Path pairs;

  @Option(names = "--candidates", paramLabel = "FILE",
      description = "Candidates JSONL to score with the trained scorer into OUT/scores.jsonl (default: none).")
  Path candidates;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Image folder; images are embedded when the embedder takes them (default: none).")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Folder for the scorer and its model card.")
  Path out;

  @Option(names = "--embedder", defaultValue = "minilm", paramLabel = "SPEC",
      description = "minilm | hashing | hashing:DIM | onnx:PATH (default: ${DEFAULT-VALUE}).")
  String embedder;

  @Option(names = "--loss", defaultValue = "bt", paramLabel = "LOSS",
      description = "bt (Bradley-Terry) | hinge (official) (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--text", defaultValue = "full", paramLabel = "MODE",
      description = "full | joined | compat (default: ${DEFAULT-VALUE}).")
  String text;

  @Option(names = "--no-clinical-features",
      description = "Ablation: leave out the clinical consistency features (agreement/contradiction "
          + "of answers with caption, mentions and question) that follow the embedding in full mode.")
  boolean noClinicalFeatures;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 6).")
  Integer epochs;

  @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: 1e-3).")
  Double learningRate;

  @Option(names = "--batch-size", paramLabel = "N", description = "Pairs per batch (default: 64).")
  Integer batchSize;

  @Option(names = "--human-weight", paramLabel = "W",
      description = "Weight of every clinician training pair (default: as written in --pairs).")
  Double humanWeight;

  @Option(names = "--sweep", split = ",", paramLabel = "W,W,...", description = "Human weights to sweep, e.g. 1,10,100,200,300,400; the best by validation alignment is saved.")
  List<Double> sweep;

  @Option(names = "--embedding-cache", paramLabel = "DIR",
      description = "Folder of an on-disk embedding cache (reruns embed only what is new; default: none).")
  Path embeddingCache;

  @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    if (humanWeight != null && sweep != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--human-weight and --sweep exclude each other");
    }
    ScorerConfig.Builder cb = ScorerConfig.builder()
        .loss(PairLoss.parse(loss))
        .textMode(TextMode.valueOf(text.trim().toUpperCase(Locale.ROOT)))
        .clinicalFeatures(!noClinicalFeatures)
        .seed(seed);
    ifGiven(epochs, cb::epochs);
    ifGiven(learningRate, cb::learningRate);
    ifGiven(batchSize, cb::batchSize);
    ScorerConfig config = cb.build();
    PreferenceDataset dataset = PreferencePairs.readDataset(pairs);
    if (dataset.validation().isEmpty() && dataset.train().size() >= 10) {
      List<PreferencePair> shuffled = new ArrayList<>(dataset.train());
      Collections.shuffle(shuffled, new Random(seed));
      int v = Math.max(1, shuffled.size() / 10);
      dataset = new PreferenceDataset(shuffled.subList(v, shuffled.size()), shuffled.subList(0, v));
      o.printf(Locale.ROOT, "no test split in %s: holding out %d of %d pairs for validation%n", pairs, v,
          shuffled.size());
    }
    if (humanWeight != null) {
      dataset = WeightSweep.reweight(dataset, humanWeight);
    }
    o.printf(Locale.ROOT, "%d training pairs, %d validation pairs, human share %.4f; %s%n",
        dataset.train().size(), dataset.validation().size(), dataset.humanShare(), config);
    ImageRoot root = images == null ? null : ImageRoot.of(images);
    Embedder e = CliSupport.embedder(embedder, embeddingCache);
    try {
      TrainingListener printer = TrainingListener.onEachEpoch(m -> {
        o.printf(Locale.ROOT, "epoch %d  train_loss %.4f%s%n", m.epoch(), m.trainLoss(), CliSupport.metrics(m.metrics()));
        o.flush();
      });
      MlpScorer trained;
      if (sweep != null) {
        WeightSweep.Result result = WeightSweep.run(dataset, sweep, w -> {
          o.printf(Locale.ROOT, "-- human weight %s%n", w);
          return builder(e, config, root).build();
        }, printer);
        o.print(WeightSweep.table(result.rows()));
        o.printf(Locale.ROOT, "best human weight %s%n", result.best().weight());
        trained = result.scorer();
      } else {
        trained = builder(e, config, root).build();
        trained.fit(dataset, printer);
      }
      MlpScorer scorer = trained;
      try {
        scorer.save(out);
        o.printf(Locale.ROOT, "saved the scorer to %s (device %s)%n", out, scorer.device());
        if (candidates != null) {
          Path scores = out.resolve("scores.jsonl");
          int[] n = {0};
          try (Journal journal = Journal.open(scores)) {
            List<org.biomedvital.data.InstructionSample> chunk = new ArrayList<>();
            Samples.forEach(candidates, s -> {
              chunk.add(s);
              if (chunk.size() == config.scoringBatchSize()) {
                n[0] += ScoreCommand.flush(scorer, chunk, journal, out.toString());
              }
            });
            n[0] += ScoreCommand.flush(scorer, chunk, journal, out.toString());
          }
          o.printf(Locale.ROOT, "scored %d candidates into %s%n", n[0], scores);
        }
      } finally {
        scorer.close();
      }
    } finally {
      CliSupport.closeQuietly(e);
    }
    return 0;
  }

  private MlpScorer.Builder builder(Embedder e, ScorerConfig config, ImageRoot root) {
    MlpScorer.Builder b = MlpScorer.builder().embedder(e).embedderSpec(embedder).config(config).images(root);
    if (Files.isRegularFile(pairs)) {
      b.trainingFile(pairs);
    }
    return b;
  }
}
