package org.biomedvital.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.pipeline.EvaluationTables;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.spi.InstructionGeneratorProvider;
import org.biomedvital.spi.PreferenceJudgeProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectionScorerProvider;
import org.biomedvital.spi.SelectorProvider;
import org.biomedvital.spi.TuningRunnerProvider;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningRunner;
import org.biomedvital.tuning.TuningStatus;

/**
 * Hand-written fake stage providers under {@code fake-*} names, shared by the pipeline and command
 * line tests. They are not registered in this test-jar (other modules' tests count the providers
 * they see); a module that wants them lists the nested classes, e.g. {@code
 * org.biomedvital.testing.FakeProviders$Generator}, in its own test {@code META-INF/services}.
 */
public final class FakeProviders {
  private FakeProviders() {}

  /** The length of the first answer: the fake judges' and scorers' measure of quality. */
  public static double answerLength(InstructionSample s) {
    return s.conversation().turns().get(1).text().length();
  }

  /** The weight of the first clinician pair of the training split, or {@code none} without one. */
  public static double clinicianWeight(PreferenceDataset dataset, double none) {
    return dataset.train().stream()
        .filter(p -> p.source() == org.biomedvital.data.PreferenceSource.CLINICIAN)
        .mapToDouble(p -> p.weight()).findFirst().orElse(none);
  }

  /** Reports {@code n} epochs with loss 1/epoch and {@code metrics} to {@code listener}. */
  public static List<EpochMetrics> epochs(int n, Map<String, Double> metrics,
      TrainingListener listener) {
    List<EpochMetrics> epochs = new ArrayList<>();
    for (int e = 1; e <= n; e++) {
      EpochMetrics m = new EpochMetrics(e, 1.0 / e, metrics);
      epochs.add(m);
      listener.onEpoch(m);
    }
    return epochs;
  }

  /** Builds a conversation from the caption (candidate 1 is deliberately poor). */
  public static final class Generator extends DeclaredProvider<InstructionGenerator>
      implements InstructionGeneratorProvider {
    /** For the service loader. */
    public Generator() {
      super("fake-generator", Set.of());
    }

    @Override
    public InstructionGenerator create(ProviderSettings settings) {
      return new InstructionGenerator() {
        @Override
        public GenerationResult generate(org.biomedvital.generation.GenerationRequest r) {
          String a = r.candidateIndex() == 0 ? "The image shows: " + r.figure().caption() : "Not sure.";
          return new GenerationResult(Conversation.of("What does the image show?", a),
              new TokenUsage(200, 100), "fake-model", "fake-template-v1", "");
        }

        @Override
        public String name() {
          return "fake-generator";
        }
      };
    }
  }

  /** Rates by answer length. */
  public static final class Judge extends DeclaredProvider<PreferenceJudge>
      implements PreferenceJudgeProvider {
    /** For the service loader. */
    public Judge() {
      super("fake-judge", Set.of());
    }

    @Override
    public PreferenceJudge create(ProviderSettings settings) {
      return (s, img) -> new Rating(s.id(), Math.min(10, answerLength(s) / 10), 10, "fake-rubric-v1",
          "fake-judge", "");
    }
  }

  /** A trainable scorer whose score is the answer length; fitting reports falling losses. */
  public static final class Scorer extends DeclaredProvider<SelectionScorer>
      implements SelectionScorerProvider {
    /** For the service loader. */
    public Scorer() {
      super("fake-scorer", Set.of("load", "embedder"));
    }

    @Override
    public SelectionScorer create(ProviderSettings settings) {
      settings.get("load").ifPresent(dir -> {
        if (!Files.exists(Path.of(dir, "fake-scorer.txt"))) {
          throw new IllegalArgumentException("no saved scorer in " + dir);
        }
      });
      return new TrainableScorer() {
        @Override
        public double score(InstructionSample sample) {
          return answerLength(sample);
        }

        @Override
        public TrainingReport fit(PreferenceDataset dataset, TrainingListener listener) {
          double w = clinicianWeight(dataset, 1);
          List<EpochMetrics> epochs = epochs(4, Map.of(), listener);
          double align = Math.min(0.95, 0.5 + Math.log10(w) / 10);
          return new TrainingReport(epochs, Map.of("clinician_alignment", align,
              "model_pair_accuracy", 0.9 - align / 10));
        }

        @Override
        public void save(Path dir) {
          try {
            Files.writeString(dir.resolve("fake-scorer.txt"), "embedder=" + settings.get("embedder").orElse(""));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Keeps the better-scored fraction given by setting {@code fraction}. */
  public static final class TopFraction extends DeclaredProvider<Selector>
      implements SelectorProvider {
    /** For the service loader. */
    public TopFraction() {
      super("fake-top-fraction", Set.of("fraction"));
    }

    @Override
    public Selector create(ProviderSettings settings) {
      double f = settings.doubleValue("fraction", 0.5);
      return scored -> {
        List<ScoredSample> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble(ScoredSample::score).reversed());
        return sorted.subList(0, (int) Math.ceil(sorted.size() * f));
      };
    }
  }

  /** Emits a falling loss over {@code steps} steps. */
  public static final class Runner extends DeclaredProvider<TuningRunner>
      implements TuningRunnerProvider {
    /** For the service loader. */
    public Runner() {
      super("fake-runner", Set.of("steps"));
    }

    @Override
    public TuningRunner create(ProviderSettings settings) {
      int steps = settings.intValue("steps", 10);
      return (job, listener) -> {
        for (int s = 1; s <= steps; s++) {
          listener.onProgress(new TuningProgress(s, steps, s / (double) steps, 3.0 / s, 2e-5, Double.NaN));
        }
        try {
          Files.writeString(job.outputDir().resolve("model.txt"), "tuned");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new TuningResult(TuningStatus.SUCCEEDED, job.outputDir(), Map.of());
      };
    }
  }

  /** Counts the held-out questions into one table. */
  public static final class Evaluation extends DeclaredProvider<StageAction>
      implements StageActionProvider {
    /** For the service loader. */
    public Evaluation() {
      super("fake-evaluation", Set.of());
    }

    @Override
    public StageAction create(ProviderSettings settings) {
      return ctx -> {
        long n;
        try (var lines = Files.lines(ctx.existing("heldout"))) {
          n = lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        EvaluationTables.write(ctx.path("evaluation").resolve(EvaluationTables.FILE_NAME),
            List.of(new EvaluationTable("Held-out questions", List.of("split", "questions"),
                List.of(List.of("held-out", Long.toString(n))))));
        return StageResult.builder().count("questions", n).build();
      };
    }
  }
}
