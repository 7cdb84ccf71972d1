package org.biomedvital.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.internal.Json;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.selection.EpochMetrics;
import org.biomedvital.selection.PreferenceDataset;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.selection.TrainingListener;
import org.biomedvital.selection.TrainingReport;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningRunner;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.pipeline.EvaluationTables;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.pipeline.Pricing;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Ratings;
import org.biomedvital.selection.scorer.ScoreFiles;
import org.biomedvital.testing.FakeProviders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class VitalPipelineTest {
  @TempDir Path dir;
  Path figures;
  Path images;
  Path clinician;
  final AtomicInteger generatorCalls = new AtomicInteger();
  int failAfter = Integer.MAX_VALUE;
  final List<Double> fittedHumanWeights = new ArrayList<>();
  final List<String> closed = new ArrayList<>();

  @BeforeEach
  void writeInputs() throws IOException {
    images = Files.createDirectories(dir.resolve("images"));
    StringBuilder sb = new StringBuilder("[\n");
    String[] domains = {"chest_xray", "mri", "ct_scan", "histology", "gross"};
    for (int i = 0; i < 5; i++) {
      String id = "1000" + i + "_F1";
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
          images.resolve(id + ".png").toFile());
      sb.append(i == 0 ? "" : ",\n").append("{\"pair_id\": \"").append(id)
          .append("\", \"pmid\": \"1000").append(i).append("\", \"fig_label\": \"Figure 1\", ")
          .append("\"image\": \"").append(id).append(".png\", ")
          .append("\"fig_caption\": \"Synthetic caption ").append(i).append(" lesion\", ")
          .append("\"in_text_mention\": [{\"tokens\": \"As shown in Figure 1 .\"}], ")
          .append("\"domain\": {\"").append(domains[i]).append("\": true}}");
    }
    figures = dir.resolve("figures.json");
    Files.writeString(figures, sb.append("\n]\n").toString());
    clinician = dir.resolve("clinician-pairs.json");
    StringBuilder c = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      c.append(i == 0 ? "" : ",").append("{\"img\": \"1000").append(i).append("_F1.png\", ")
          .append("\"question\": \"Where is the lesion?\", \"answer_positive\": \"In the right lower")
          .append(" lobe.\", \"answer_negative\": \"I cannot see images.\"}");
    }
    Files.writeString(clinician, c.append("]").toString());
  }

  private final InstructionGenerator generator = new InstructionGenerator() {
    @Override
    public GenerationResult generate(org.biomedvital.generation.GenerationRequest r) {
      if (generatorCalls.incrementAndGet() > failAfter) {
        throw new IllegalStateException("killed");
      }
      if (r.figure().pairId().equals("10003_F1") && r.candidateIndex() == 1) {
        throw new RemoteServiceException("fake", 400, false, "bad request for this figure");
      }
      String answer = r.candidateIndex() == 0 ? "It shows a " + r.figure().caption()
          : "Unclear.";
      return new GenerationResult(Conversation.of("What does the image show?", answer),
          new TokenUsage(1000, 500), "fake-model", "fake-template-v3", "");
    }

    @Override
    public String name() {
      return "fake-generator";
    }
  };

  static double lengthScore(InstructionSample s) {
    return s.conversation().turns().get(1).text().length();
  }

  final class FakeScorer implements TrainableScorer {
    @Override
    public double score(InstructionSample sample) {
      return lengthScore(sample);
    }

    @Override
    public TrainingReport fit(PreferenceDataset dataset, TrainingListener listener) {
      double w = FakeProviders.clinicianWeight(dataset, 0);
      fittedHumanWeights.add(w);
      List<EpochMetrics> epochs =
          FakeProviders.epochs(3, Map.of("clinician_alignment", w == 10 ? 0.9 : 0.5), listener);
      return new TrainingReport(epochs, Map.of("clinician_alignment", w == 10 ? 0.9 : 0.5,
          "model_pair_accuracy", 0.8));
    }

    @Override
    public void save(Path d) {
      try {
        Files.writeString(d.resolve("weights.txt"), "length");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      closed.add("scorer");
    }
  }

  private final TuningRunner runner = (job, listener) -> {
    for (int step = 1; step <= 4; step++) {
      listener.onProgress(new TuningProgress(step, 4, step / 4.0, 2.0 / step, 1e-3, Double.NaN));
    }
    try {
      Files.writeString(job.outputDir().resolve("checkpoint.txt"), "data=" + job.data().getFileName()
          + " lr=" + job.parameters().get("learning_rate"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new TuningResult(TuningStatus.SUCCEEDED, job.outputDir(), Map.of("train_loss", 0.5));
  };

  private final Selector topHalf = new Selector() {
    @Override
    public List<ScoredSample> select(List<ScoredSample> scored) {
      List<ScoredSample> sorted = new ArrayList<>(scored);
      sorted.sort(Comparator.comparingDouble(ScoredSample::score).reversed());
      return sorted.subList(0, (sorted.size() + 1) / 2);
    }

    @Override
    public String toString() {
      return "topHalf";
    }
  };

  VitalPipeline.Builder builder() {
    return VitalPipeline.builder()
        .outputDir(dir.resolve("run"))
        .figures(figures).images(images)
        .generator(generator).candidatesPerFigure(2)
        .pricing(Pricing.perMillionTokens(10, 30))
        .judge((s, img) -> new Rating(s.id(), Math.min(10, lengthScore(s) / 5), 10, "fake-rubric-v1",
            "fake-judge", img == null ? "no image" : "saw " + img.mediaType()))
        .clinicianPairs(clinician, 100)
        .failureBudget(new FailureBudget(0.2))
        .scorerFactory(embedder -> new FakeScorer())
        .scorerLoader((modelDir, embedder) -> {
          assertThat(modelDir.resolve("weights.txt")).exists();
          return VitalPipelineTest::lengthScore;
        })
        .selector(topHalf)
        .tuningRunner(runner).tuningParameter("learning_rate", "0.001")
        .evaluation(ctx -> {
          Path out = ctx.path("evaluation");
          EvaluationTables.write(out.resolve(EvaluationTables.FILE_NAME), List.of(new EvaluationTable(
              "Fake", List.of("metric", "value"), List.of(List.of("accuracy", "1.0")))));
          return StageResult.builder().count("questions", 1).build();
        })
        .report(ctx -> {
          try {
            Files.createDirectories(ctx.path("report"));
            Files.writeString(ctx.path("report/index.html"), "<html>report</html>");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return StageResult.EMPTY;
        });
  }

  @Test
  void runsEveryStageAndWritesEachFile() throws IOException {
    List<String> ran = builder().build().run(PipelineListener.NONE);

    assertThat(ran).containsExactlyElementsOf(VitalPipeline.STAGES);
    Path run = dir.resolve("run");
    List<InstructionSample> candidates = Samples.readJsonl(run.resolve("candidates.jsonl"));
    assertThat(candidates).hasSize(9);
    assertThat(candidates.get(0).id()).isEqualTo("10000_F1#0");
    assertThat(candidates.get(0).provenance().generator()).isEqualTo("fake-generator");
    assertThat(candidates.get(0).provenance().promptTemplate()).isEqualTo("fake-template-v3");
    assertThat(Files.readAllLines(run.resolve("failures.jsonl"))).singleElement()
        .asString().contains("10003_F1#1").contains("bad request for this figure");
    assertThat(Ratings.read(run.resolve("ratings.jsonl"))).hasSize(9)
        .allSatisfy(r -> assertThat(r.rating().rationale()).isEqualTo("saw image/png"));
    PreferenceDataset pairs = PreferencePairs.readDataset(run.resolve("pairs.jsonl"));
    // The paper's score-level model pairs (scaled to the 9 rated candidates: 45 train, 15 test)
    // plus same-figure pairs, and the clinician pairs split 4 train / 1 held out.
    assertThat(pairs.train()).filteredOn(p -> p.source() == org.biomedvital.data.PreferenceSource.MODEL)
        .hasSizeGreaterThanOrEqualTo(45);
    assertThat(pairs.validation()).filteredOn(p -> p.source() == org.biomedvital.data.PreferenceSource.MODEL)
        .hasSizeGreaterThanOrEqualTo(15);
    assertThat(pairs.train()).filteredOn(p -> p.source() == org.biomedvital.data.PreferenceSource.CLINICIAN)
        .hasSize(4).allSatisfy(p -> assertThat(p.weight()).isEqualTo(100));
    assertThat(pairs.validation()).filteredOn(p -> p.source() == org.biomedvital.data.PreferenceSource.CLINICIAN)
        .hasSize(1);
    assertThat(run.resolve("scorer/model/weights.txt")).exists();
    assertThat(ScoreFiles.read(run.resolve("scores.jsonl"))).hasSize(9);
    JsonNode selection = Json.mapper().readTree(run.resolve("selection.json").toFile());
    assertThat(selection.path("count_pool").asInt()).isEqualTo(9);
    assertThat(selection.path("count_selected").asInt()).isEqualTo(5);
    assertThat(selection.at("/pool_domains/ct_scan").asInt()).isEqualTo(2);
    JsonNode selected = Json.mapper().readTree(run.resolve("selected.json").toFile());
    assertThat(selected).hasSize(5);
    for (JsonNode s : selected) {
      String q = s.at("/conversations/0/value").asText();
      assertThat(q.startsWith("<image>\n") || q.endsWith("\n<image>")).as(q).isTrue();
    }
    assertThat(Files.readString(run.resolve("tuning/checkpoint.txt")))
        .isEqualTo("data=selected.json lr=0.001");
    assertThat(Files.readAllLines(run.resolve("tuning/metrics.jsonl"))).hasSize(4);
    assertThat(EvaluationTables.read(run.resolve("evaluation/tables.json"))).hasSize(1);
    assertThat(run.resolve("report/index.html")).exists();
    assertThat(closed).containsExactly("scorer");

    JsonNode m = Json.mapper().readTree(run.resolve("run-manifest.json").toFile());
    assertThat(m.at("/stages/generate/counts/candidates").asLong()).isEqualTo(9);
    assertThat(m.at("/stages/generate/counts/failed").asLong()).isEqualTo(1);
    assertThat(m.at("/stages/generate/status").asText()).isEqualTo("completed_with_failures");
    assertThat(m.at("/stages/generate/details/failures").asText())
        .isEqualTo("1 x bad request for this figure");
    assertThat(m.at("/stages/generate/spend_usd").asDouble()).isCloseTo(9 * 0.025, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.at("/stages/pairs/counts/clinician_pairs").asLong()).isEqualTo(5);
    assertThat(m.at("/stages/pairs/counts/clinician_validation_pairs").asLong()).isEqualTo(1);
    assertThat(m.at("/settings/human_weight").asText()).isEqualTo("100");
    assertThat(m.at("/settings/tuning.learning_rate").asText()).isEqualTo("0.001");
    assertThat(m.at("/settings/selector").asText()).isEqualTo("topHalf");
    assertThat(m.path("prompt_templates").toString()).isEqualTo("[\"fake-template-v3\"]");
    assertThat(m.path("rubric_ids").toString()).isEqualTo("[\"fake-rubric-v1\"]");
    assertThat(m.at("/inputs/figures/sha256").asText()).hasSize(64);
    assertThat(m.at("/inputs/images/sha256").asText()).startsWith("dir:");
    assertThat(m.at("/versions/biomed-vital").asText()).isNotEmpty();
    assertThat(m.at("/stages/select/outputs/selection.json/sha256").asText()).hasSize(64);
  }

  @Test
  void killedGenerationResumesWithoutRedoingFinishedCandidates() {
    failAfter = 4;
    assertThatThrownBy(() -> builder().to("generate").build().run(PipelineListener.NONE))
        .hasMessageContaining("killed");
    assertThat(Samples.readJsonl(dir.resolve("run/candidates.jsonl"))).hasSize(4);
    failAfter = Integer.MAX_VALUE;
    generatorCalls.set(0);

    builder().to("generate").build().run(PipelineListener.NONE);

    assertThat(generatorCalls.get()).isEqualTo(6);
    assertThat(Samples.readJsonl(dir.resolve("run/candidates.jsonl"))).hasSize(9);
  }

  @Test
  void resumedRunLoadsTheSavedScorerAndSkipsCompleteStages() {
    builder().to("train").build().run(PipelineListener.NONE);
    generatorCalls.set(0);
    fittedHumanWeights.clear();

    List<String> ran = builder().build().run(PipelineListener.NONE);

    // generate completed with a failure within its budget, so the rerun retries that one candidate
    // (it fails again; the candidates file is unchanged and judge to train stay complete).
    assertThat(ran).containsExactly("generate", "score", "select", "export", "tune", "evaluate", "report");
    assertThat(generatorCalls.get()).isEqualTo(1);
    assertThat(fittedHumanWeights).isEmpty();
    assertThat(ScoreFiles.read(dir.resolve("run/scores.jsonl"))).hasSize(9);
  }

  @Test
  void sweepKeepsTheWeightWithTheBestClinicianAlignment() throws IOException {
    builder().humanWeightSweep(List.of(1.0, 10.0, 100.0)).to("train").build().run(PipelineListener.NONE);

    assertThat(fittedHumanWeights).containsExactly(1.0, 10.0, 100.0);
    JsonNode t = Json.mapper().readTree(dir.resolve("run/scorer/training.json").toFile());
    assertThat(t.path("human_weight").asDouble()).isEqualTo(10.0);
    assertThat(t.path("sweep")).hasSize(3);
    assertThat(t.at("/sweep/1/clinician_alignment").asDouble()).isEqualTo(0.9);
    assertThat(t.path("epochs")).hasSize(3);
    assertThat(closed).hasSize(3);
  }

  @Test
  void handedInCandidatesReplaceGeneration() throws IOException {
    Path mine = dir.resolve("mine.jsonl");
    InstructionSample s = InstructionSample.builder().id("x#0").image("10000_F1.png")
        .conversation(Conversation.of("Q?", "A long and careful answer.")).build();
    Files.writeString(mine, Samples.toJson(s) + "\n");

    // One candidate makes no score levels, so pairs and training are left out for a fixed scorer.
    builder().provide("generate", mine).skip("pairs").scorer(VitalPipelineTest::lengthScore)
        .to("select").build().run(PipelineListener.NONE);

    assertThat(generatorCalls.get()).isZero();
    assertThat(ScoreFiles.read(dir.resolve("run/scores.jsonl"))).containsOnlyKeys("x#0");
  }

  @Test
  void fixedScorerSkipsTraining() {
    List<String> ran = builder().scorer(s -> 1.0).to("select").build().run(PipelineListener.NONE);

    assertThat(ran).containsExactly("generate", "judge", "pairs", "score", "select");
    assertThat(fittedHumanWeights).isEmpty();
  }

  @Test
  void unconfiguredStageFailsWithAHowToFix() {
    VitalPipeline p = VitalPipeline.builder().outputDir(dir.resolve("run")).figures(figures)
        .images(images).build();

    assertThatThrownBy(() -> p.run(PipelineListener.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stage 'generate' has no implementation");
  }

  @Test
  void unknownStageNameIsRejected() {
    assertThatThrownBy(() -> VitalPipeline.builder().from("generation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no stage named 'generation'; the stages are [generate, judge, pairs, train, "
            + "score, select, export, tune, evaluate, report]");
  }

  @Test
  void concurrentGenerationAndJudgingProduceEveryItemOnce() {
    builder().concurrency(4).to("judge").build().run(PipelineListener.NONE);

    List<InstructionSample> candidates = Samples.readJsonl(dir.resolve("run/candidates.jsonl"));
    assertThat(candidates).extracting(InstructionSample::id).doesNotHaveDuplicates().hasSize(9);
    assertThat(Ratings.read(dir.resolve("run/ratings.jsonl"))).extracting(r -> r.sample().id())
        .doesNotHaveDuplicates().hasSize(9);
    assertThat(generatorCalls.get()).isEqualTo(10);
  }

  @Test
  void failuresOverTheBudgetFailTheStageAndNothingAfterItRuns() throws IOException {
    failAfter = 3;

    assertThatThrownBy(() -> builder().failureBudget(FailureBudget.DEFAULT).concurrency(3).build()
        .run(PipelineListener.NONE))
        .isInstanceOf(org.biomedvital.VitalException.class)
        .hasMessageContaining("generate: 7 of 10 items failed, over the failure budget")
        .hasMessageContaining("7 x killed")
        .hasMessageContaining("run again");

    assertThat(Samples.readJsonl(dir.resolve("run/candidates.jsonl"))).hasSize(3);
    JsonNode m = Json.mapper().readTree(dir.resolve("run/run-manifest.json").toFile());
    assertThat(m.at("/stages/generate/status").asText()).isEqualTo("failed");
    for (String later : List.of("judge", "pairs", "train", "score", "report")) {
      assertThat(m.at("/stages/" + later + "/status").asText()).as(later).isEqualTo("pending");
    }
    assertThat(dir.resolve("run/ratings.jsonl")).doesNotExist();
  }

  @Test
  void aFailureResolvedByARerunNoLongerCounts() throws IOException {
    failAfter = 9;
    builder().to("generate").build().run(PipelineListener.NONE);
    JsonNode m = Json.mapper().readTree(dir.resolve("run/run-manifest.json").toFile());
    assertThat(m.at("/stages/generate/counts/failed").asLong()).isEqualTo(2);
    failAfter = Integer.MAX_VALUE;

    builder().to("generate").build().run(PipelineListener.NONE);

    m = Json.mapper().readTree(dir.resolve("run/run-manifest.json").toFile());
    // 10003_F1#1 always fails; the other earlier failure succeeded now and is left out.
    assertThat(m.at("/stages/generate/counts/failed").asLong()).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("run/failures.jsonl"))).hasSize(3);
  }

  @Test
  void changingCandidatesPerFigureReRunsGeneration() {
    builder().to("generate").build().run(PipelineListener.NONE);
    generatorCalls.set(0);

    builder().candidatesPerFigure(3).to("generate").build().run(PipelineListener.NONE);

    // Five new third candidates, and one retry of the candidate that failed the first time.
    assertThat(generatorCalls.get()).isEqualTo(6);
    assertThat(Samples.readJsonl(dir.resolve("run/candidates.jsonl"))).hasSize(14);
  }
}
