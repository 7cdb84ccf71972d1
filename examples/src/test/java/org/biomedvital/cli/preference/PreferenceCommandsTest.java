package org.biomedvital.cli.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.cli.AbscessCandidates;
import org.biomedvital.cli.InProcessCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PreferenceCommandsTest extends InProcessCli {
  @TempDir Path dir;

  /** Candidates of graded quality: two per figure, the same first question. */
  private Path candidates() throws Exception {
    return AbscessCandidates.write(dir.resolve("candidates.jsonl"),
        "Contrast CT shows a hypodense hepatic abscess with rim enhancement in the liver.",
        "A hypodense hepatic abscess with rim enhancement is seen in the right lobe of the liver, "
            + "typical on contrast CT.");
  }

  @Test
  void judgeWritesRatingsAndResumes() throws Exception {
    Path in = candidates();
    Path ratings = dir.resolve("ratings.jsonl");

    int first = run("judge", "--candidates", in.toString(), "--out", ratings.toString());
    String firstOut = stdout;
    int second = run("judge", "--candidates", in.toString(), "--out", ratings.toString());

    assertThat(first).as(stderr).isZero();
    assertThat(firstOut).contains("12 candidates: 12 rated now, 0 already rated, 0 failed");
    assertThat(second).isZero();
    assertThat(stdout).contains("12 candidates: 0 rated now, 12 already rated");
    assertThat(Files.readAllLines(ratings)).hasSize(12)
        .allSatisfy(l -> assertThat(l).contains("\"rubric_id\":\"biomed-vital-clinician@1\""));
  }

  @Test
  void pairwiseJudgeReportsTheFlipRate() throws Exception {
    int code = run("judge", "--candidates", candidates().toString(), "--out",
        dir.resolve("verdicts.jsonl").toString(), "--mode", "pairwise");

    assertThat(code).as(stderr).isZero();
    assertThat(stdout).contains("6 pairs compared now", "position-flip rate 0.000");
  }

  @Test
  void pairsMixesClinicianPairsAndReportsTheHumanShare() throws Exception {
    Path ratings = dir.resolve("ratings.jsonl");
    run("judge", "--candidates", candidates().toString(), "--out", ratings.toString());
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, "item_id,annotator_id,image,question,answer_1,answer_2,accept_1,accept_2\n"
        + "i1,dr-a,fig0.png,What?,Good.,Bad.,yes,no\n"
        + "i2,dr-a,fig1.png,What?,Bad.,Good.,no,yes\n");
    Path prefs = dir.resolve("prefs.jsonl");
    assertThat(run("clinician", "import", "--format", "accept-reject", "--in", sheet.toString(),
        "--out", prefs.toString())).as(stderr).isZero();
    assertThat(stdout).contains("imported 2 clinician pairs");

    int code = run("pairs", "--ratings", ratings.toString(), "--clinician", prefs.toString(),
        "--human-weight", "100", "--out", dir.resolve("pairs.jsonl").toString(),
        "--train-pairs", "198", "--test-pairs", "50", "--no-same-figure");

    assertThat(code).as(stderr).isZero();
    // By default a share of the clinician pairs (here 1 of 2) is held out for validation, weight 1.
    assertThat(stdout).contains("train: 199 pairs (1 clinician, 198 model); test: 51 pairs "
        + "(1 clinician, 50 model)", "human share of the loss mass: 33.56%", "250 pairs written");

    code = run("pairs", "--ratings", ratings.toString(), "--clinician", prefs.toString(),
        "--human-weight", "100", "--out", dir.resolve("pairs-all.jsonl").toString(),
        "--train-pairs", "198", "--test-pairs", "50", "--no-same-figure",
        "--clinician-validation", "0");

    assertThat(code).as(stderr).isZero();
    assertThat(stdout).contains("train: 200 pairs (2 clinician, 198 model); test: 50 pairs",
        "human share of the loss mass: 50.25%");
  }

  @Test
  void taskAndAgreementCommands() throws Exception {
    Path taskDir = dir.resolve("task1");
    assertThat(run("clinician", "task", "--candidates", candidates().toString(), "--out",
        taskDir.toString())).as(stderr).isZero();
    assertThat(stdout).contains("6 items:");
    assertThat(taskDir.resolve("task.html")).exists();

    Path prefs = dir.resolve("prefs.jsonl");
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, "item_id,annotator_id,image,question,answer_1,answer_2,accept_1,accept_2\n"
        + "i1,dr-a,f.png,Q?,A.,B.,yes,no\n" + "i1,dr-b,f.png,Q?,A.,B.,no,yes\n"
        + "i2,dr-a,g.png,Q?,A.,B.,yes,no\n" + "i2,dr-b,g.png,Q?,A.,B.,yes,no\n");
    run("clinician", "import", "--format", "accept-reject", "--in", sheet.toString(), "--out",
        prefs.toString());

    assertThat(run("clinician", "agreement", "--in", prefs.toString(), "--json")).isZero();
    assertThat(stdout).contains("\"pairs_per_annotator\":{\"dr-a\":2,\"dr-b\":2}",
        "\"shared_items\":2");
    assertThat(run("clinician", "alignment", "--in", prefs.toString())).as(stderr).isZero();
    assertThat(stdout).contains("judge-clinician alignment");
  }

  @Test
  void badArgumentsExitTwoAndDataErrorsExitOne() throws Exception {
    assertThat(run("judge", "--candidates", candidates().toString(), "--out",
        dir.resolve("r.jsonl").toString(), "--mode", "sideways")).isEqualTo(2);
    assertThat(stderr).contains("--mode must be pointwise or pairwise but was 'sideways'");
    assertThat(run("clinician", "import", "--format", "pairwise", "--in",
        dir.resolve("missing.json").toString(), "--out", dir.resolve("p.jsonl").toString()))
        .isEqualTo(1);
    assertThat(stderr).contains("missing.json: does not exist; check the path");
  }
}
