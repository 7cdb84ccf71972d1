package org.biomedvital.cli.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.biomedvital.cli.Main;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.preference.PreferencePairs;
import org.biomedvital.selection.preference.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SelectionCommandsTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static InstructionSample sample(String id, Domain d, String answer) {
    return InstructionSample.builder().id(id).figureId("fig-" + id).image("fig-" + id + ".jpg")
        .domains(Set.of(d)).caption("CT of the abdomen").conversation(Conversation.of("What is shown?", answer))
        .build();
  }

  private static InstructionSample good(String id, Domain d) {
    return sample(id, d, "The scan shows a well-defined hypodense lesion in the liver consistent with a cyst.");
  }

  private static InstructionSample bad(String id, Domain d) {
    return sample(id, d, "I am sorry, I cannot view the image.");
  }

  @BeforeEach
  void writeInputs() throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      PreferencePair p = PreferencePair.of("p" + i, good("g" + i, Domain.CT_SCAN), bad("b" + i, Domain.CT_SCAN),
          i % 4 == 0 ? PreferenceSource.CLINICIAN : PreferenceSource.MODEL);
      pairs.add(PreferencePairs.toJson(p, i < 32 ? Split.TRAIN : Split.VALIDATION));
    }
    Files.write(dir.resolve("pairs.jsonl"), pairs);
    List<String> candidates = new ArrayList<>();
    Random r = new Random(3);
    for (int i = 0; i < 20; i++) {
      Domain d = i % 4 == 0 ? Domain.MRI : Domain.CT_SCAN;
      candidates.add(Samples.toJson(r.nextBoolean() ? good("c" + i, d) : bad("c" + i, d)));
    }
    Files.write(dir.resolve("candidates.jsonl"), candidates);
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void trainScoreAndSelectWriteALlavaMedTrainingSet() throws Exception {
    int trained = run("train-scorer", "--pairs", dir.resolve("pairs.jsonl").toString(),
        "--out", dir.resolve("scorer").toString(), "--embedder", "hashing:64", "--epochs", "4",
        "--human-weight", "10", "--seed", "3");

    assertThat(trained).as(err.toString()).isZero();
    assertThat(out.toString()).contains("epoch 1  train_loss").contains("epoch 4  train_loss")
        .contains("clinician_alignment").contains("saved the scorer");
    assertThat(dir.resolve("scorer/model-card.json")).exists();
    JsonNode card = Json.mapper().readTree(dir.resolve("scorer/model-card.json").toFile());
    assertThat(card.path("embedder").path("spec").asText()).isEqualTo("hashing:64");
    assertThat(card.path("dataset").path("human_weight").asDouble()).isEqualTo(10.0);
    assertThat(card.path("training_files").has("pairs.jsonl")).isTrue();
    assertThat(card.path("history").size()).isEqualTo(4);

    int scored = run("score", "--scorer", dir.resolve("scorer").toString(),
        "--candidates", dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("scores.jsonl").toString());
    int rescored = run("score", "--scorer", dir.resolve("scorer").toString(),
        "--candidates", dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("scores.jsonl").toString());

    assertThat(scored).as(err.toString()).isZero();
    assertThat(rescored).isZero();
    assertThat(Files.readAllLines(dir.resolve("scores.jsonl"))).hasSize(20);
    assertThat(out.toString()).contains("scored 20 candidates (0 already scored)")
        .contains("scored 0 candidates (20 already scored)");

    int selected = run("select", "--scores", dir.resolve("scores.jsonl").toString(),
        "--candidates", dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("selected.json").toString(),
        "--top-fraction", "0.5", "--per-domain-quota", "pool");

    assertThat(selected).as(err.toString()).isZero();
    JsonNode arr = Json.mapper().readTree(dir.resolve("selected.json").toFile());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.size()).isEqualTo(10);
    int mri = 0;
    for (JsonNode n : arr) {
      assertThat(n.fieldNames()).toIterable().containsExactly("id", "image", "domain", "conversations");
      JsonNode turns = n.path("conversations");
      assertThat(turns.get(0).path("from").asText()).isEqualTo("human");
      String first = turns.get(0).path("value").asText();
      assertThat(first.startsWith("<image>\n") || first.endsWith("\n<image>")).isTrue();
      int tokens = 0;
      for (JsonNode t : turns) {
        tokens += t.path("value").asText().split("<image>", -1).length - 1;
      }
      assertThat(tokens).isEqualTo(1);
      if (n.path("domain").path("mri").asBoolean()) {
        mri++;
      }
    }
    assertThat(mri).isEqualTo(2);
    Path scores = dir.resolve("scores.jsonl");
    java.util.Map<String, Double> s = org.biomedvital.selection.scorer.ScoreFiles.read(scores);
    double good = s.entrySet().stream().filter(e -> e.getKey().equals(arr.get(0).path("id").asText()))
        .findFirst().orElseThrow().getValue();
    assertThat(good).isEqualTo(s.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  @Test
  void sweepSavesTheBestWeight() {
    int code = run("train-scorer", "--pairs", dir.resolve("pairs.jsonl").toString(),
        "--out", dir.resolve("swept").toString(), "--embedder", "hashing:32", "--epochs", "2",
        "--sweep", "1,100", "--candidates", dir.resolve("candidates.jsonl").toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("-- human weight 1.0").contains("-- human weight 100.0")
        .contains("best human weight").contains("scored 20 candidates into");
    assertThat(dir.resolve("swept/scores.jsonl")).exists();
  }

  @Test
  void conflictingOptionsAndMissingScoresAreReported() throws Exception {
    Files.writeString(dir.resolve("scores.jsonl"), "{\"id\":\"c0\",\"score\":1.0}\n");

    int both = run("select", "--scores", dir.resolve("scores.jsonl").toString(), "--candidates",
        dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("s.json").toString(),
        "--top-k", "3", "--top-fraction", "0.5");
    int missing = run("select", "--scores", dir.resolve("scores.jsonl").toString(), "--candidates",
        dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("s.json").toString());

    assertThat(both).isEqualTo(2);
    assertThat(err.toString()).contains("choose at most one of --top-fraction, --top-k and --threshold");
    assertThat(missing).isEqualTo(1);
    assertThat(err.toString()).contains("has no score for candidate 'c1'");
    assertThat(dir.resolve("s.json")).doesNotExist();
  }

  @Test
  void selectRefusesRepeatedIdsOrDropsLaterCopiesAndNeverWritesOneTwice() throws Exception {
    List<String> candidates = new ArrayList<>(Files.readAllLines(dir.resolve("candidates.jsonl")));
    candidates.add(candidates.get(2));
    candidates.add(candidates.get(5));
    candidates.add(candidates.get(2));
    Files.write(dir.resolve("dups.jsonl"), candidates);
    List<String> scores = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      scores.add("{\"id\":\"c" + i + "\",\"score\":" + i + ".0}");
    }
    Files.write(dir.resolve("scores.jsonl"), scores);
    scores.add("{\"id\":\"c3\",\"score\":99.0}");
    Files.write(dir.resolve("dup-scores.jsonl"), scores);

    int refused = run("select", "--scores", dir.resolve("scores.jsonl").toString(), "--candidates",
        dir.resolve("dups.jsonl").toString(), "--out", dir.resolve("s.json").toString());
    assertThat(refused).isEqualTo(1);
    assertThat(err.toString()).contains(dir.resolve("dups.jsonl") + ":21: id 'c2' repeats the "
        + "record on line 3");
    int refusedScores = run("select", "--scores", dir.resolve("dup-scores.jsonl").toString(),
        "--candidates", dir.resolve("candidates.jsonl").toString(), "--out",
        dir.resolve("s.json").toString());
    assertThat(refusedScores).isEqualTo(1);
    assertThat(err.toString()).contains(dir.resolve("dup-scores.jsonl") + ":21: id 'c3' repeats "
        + "the record on line 4");
    assertThat(dir.resolve("s.json")).doesNotExist();

    int dropped = run("select", "--scores", dir.resolve("dup-scores.jsonl").toString(),
        "--candidates", dir.resolve("dups.jsonl").toString(), "--out",
        dir.resolve("s.json").toString(), "--drop-duplicates");
    assertThat(dropped).as(err.toString()).isZero();
    JsonNode arr = Json.mapper().readTree(dir.resolve("s.json").toFile());
    List<String> ids = new ArrayList<>();
    arr.forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    assertThat(ids.get(0)).as("the first score of c3 (3.0) is kept, not 99.0").isEqualTo("c19");
  }

  @Test
  void scoreRefusesToWriteIntoItsCandidates() throws Exception {
    byte[] before = Files.readAllBytes(dir.resolve("candidates.jsonl"));
    int code = run("score", "--scorer", dir.resolve("scorer").toString(), "--candidates",
        dir.resolve("candidates.jsonl").toString(), "--out", dir.resolve("candidates.jsonl").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("is also the input");
    assertThat(Files.readAllBytes(dir.resolve("candidates.jsonl"))).isEqualTo(before);
  }
}
