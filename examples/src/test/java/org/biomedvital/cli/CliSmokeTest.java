package org.biomedvital.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.cli.CliProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command (and subcommand) run through the real entry point, {@code Main.main} in a child
 * JVM with the real process streams and exit code: once where it succeeds and once where it fails,
 * checking what it prints and the exit code of the README's table.
 */
final class CliSmokeTest {
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0};

  @TempDir Path dir;

  Path figures;
  Path images;
  Path demos;
  Path candidates;
  Path sheet;

  @BeforeEach
  void files() throws IOException {
    figures = Files.write(dir.resolve("figures.jsonl"), List.of(
        "{\"pair_id\":\"1_F1\",\"fig_caption\":\"Axial CT showing a nodule in the left lung.\","
            + "\"domain\":{\"ct_scan\":true}}",
        "{\"pair_id\":\"2_F1\",\"fig_caption\":\"H&E stain, x400, showing necrosis.\","
            + "\"domain\":{\"histology\":true}}"));
    images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("1_F1.jpg"), JPEG);
    Files.write(images.resolve("2_F1.jpg"), JPEG);
    demos = Files.write(dir.resolve("demos.jsonl"), List.of("{\"id\":\"7\",\"pair_id\":\"9_F9\","
        + "\"fig_caption\":\"Chest X-ray.\",\"domain\":{\"chest_xray\":true},\"conversations\":"
        + "[{\"from\":\"human\",\"value\":\"What is shown?\"},{\"from\":\"gpt\",\"value\":"
        + "\"A chest radiograph.\"}]}"));
    candidates = AbscessCandidates.write(dir.resolve("candidates.jsonl"),
        "Contrast CT shows a hypodense hepatic abscess with rim enhancement.",
        "A hypodense hepatic abscess with rim enhancement is seen in the right lobe of the liver.");
    sheet = Files.writeString(dir.resolve("sheet.csv"),
        "item_id,annotator_id,image,question,answer_1,answer_2,accept_1,accept_2\n"
            + "i1,dr-a,fig0.png,Q?,A long and grounded answer.,B.,yes,no\n"
            + "i1,dr-b,fig0.png,Q?,A long and grounded answer.,B.,no,yes\n"
            + "i2,dr-a,fig1.png,Q?,A.,B is the better grounded answer.,no,yes\n"
            + "i2,dr-b,fig1.png,Q?,A.,B is the better grounded answer.,no,yes\n");
  }

  private Result run(String... args) {
    return CliProcess.run(dir, args);
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  /** An argument error prints the error and one line pointing to --help, never the usage. */
  private static void assertArgumentError(Result r, String command, String message) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains(message)
        .contains("Try 'biomed-vital " + command + " --help' for the options.")
        .doesNotContain("Usage:");
    assertThat(r.err().lines().count()).as(r.toString()).isLessThanOrEqualTo(4);
  }

  @Test
  void versionAndAnUnknownCommand() {
    Result ok = run("--version");
    Result bad = run("frobnicate");

    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out()).startsWith("biomed-vital ");
    assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("Unmatched argument at index 0: 'frobnicate'")
        .contains("Try 'biomed-vital --help' for the options.");
  }

  @Test
  void validate() throws IOException {
    Result ok = run("validate", "--sample");
    Result folder = run("validate", images.toString());

    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("records: ").endsWith("OK" + System.lineSeparator());
    assertThat(folder.code()).as(folder.toString()).isEqualTo(2);
    assertThat(folder.err()).contains(images + " is a directory; give one data file in it");
  }

  @Test
  void generateOfflineSucceeds() {
    Result r = run("generate", "--figures", figures.toString(), "--images", images.toString(),
        "--demonstrations", demos.toString(), "--out", p("gen"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("figures: 2, candidates written: 2, already present: 0, failed: 0");
  }

  @Test
  void generateAgainstAClosedPortExitsOneAndCountsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/v1/";

    Result r = run("generate", "--figures", figures.toString(), "--images", images.toString(),
        "--demonstrations", demos.toString(), "--out", p("gen"), "--provider",
        "openai-compatible", "--base-url", url, "--model", "m", "--max-retries", "0");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("candidates written: 0, already present: 0, failed: 2");
    assertThat(r.err()).contains("error: 2 of 2 candidates failed (100%), over --max-failure-rate 2%")
        .contains("failures by reason:")
        .contains("  2 x connection refused: http://127.0.0.1:" + port + "/v1/chat/completions");
  }

  @Test
  void generateWithAnEmptyImageFolderExitsOneBeforeAnyCall() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    Result r = run("generate", "--figures", figures.toString(), "--images", empty.toString(),
        "--demonstrations", demos.toString(), "--out", p("gen"));

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("holds the image of none of the 2 figure(s) to generate (the"
        + " first wanted is '1_F1.jpg'); point --images at the folder with the figures' images");
  }

  @Test
  void generateWithAModelButNoProviderIsAnArgumentError() {
    Result r = run("generate", "--figures", figures.toString(), "--images", images.toString(),
        "--demonstrations", demos.toString(), "--out", p("gen"), "--model", "gpt-4o",
        "--base-url", "http://127.0.0.1:1/v1/");

    assertArgumentError(r, "generate", "--model, --base-url need a model provider, but"
        + " 'caption-grounded' is offline and calls no model; add --provider with one of ");
    assertThat(r.err()).contains("openai-compatible").contains("anthropic");
  }

  @Test
  void judgeSucceedsOfflineAndRefusesAModelWithoutAProvider() {
    Result ok = run("judge", "--candidates", candidates.toString(), "--out", p("ratings.jsonl"));
    Result model = run("judge", "--candidates", candidates.toString(), "--out", p("r2.jsonl"),
        "--model", "gpt-4o");
    Result unknown = run("judge", "--candidates", candidates.toString(), "--out", p("r3.jsonl"),
        "--provider", "openai", "--model", "gpt-4o");

    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("12 candidates: 12 rated now, 0 already rated, 0 failed");
    assertArgumentError(model, "judge", "--model needs a model provider, but 'heuristic' is"
        + " offline and calls no model; add --provider with one of ");
    assertThat(model.err()).contains("anthropic, azure-openai").contains("openai-compatible");
    assertArgumentError(unknown, "judge", "unknown provider 'openai'; available: ");
    assertThat(unknown.err()).contains("heuristic").contains("openai-compatible");
  }

  @Test
  void pairsSucceedsAndAMissingRatingsFileIsADataError() {
    assertThat(run("judge", "--candidates", candidates.toString(), "--out", p("ratings.jsonl"))
        .code()).isZero();

    Result ok = run("pairs", "--ratings", p("ratings.jsonl"), "--out", p("pairs.jsonl"),
        "--train-pairs", "20", "--test-pairs", "5");
    Result bad = run("pairs", "--ratings", p("missing.jsonl"), "--out", p("pairs2.jsonl"));

    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("pairs written to " + p("pairs.jsonl"));
    assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
    assertThat(bad.err()).contains("missing.jsonl");
  }

  @Test
  void clinicianSubcommands() {
    Result imported = run("clinician", "import", "--format", "accept-reject", "--in",
        sheet.toString(), "--out", p("prefs.jsonl"));
    Result exported = run("clinician", "export", "--format", "pairwise", "--in", p("prefs.jsonl"),
        "--out", p("pairwise.json"));
    Result task = run("clinician", "task", "--candidates", candidates.toString(), "--out",
        p("task"));
    Result agreementJson = run("clinician", "agreement", "--in", p("prefs.jsonl"), "--json");
    Result agreement = run("clinician", "agreement", "--in", p("prefs.jsonl"));
    Result alignment = run("clinician", "alignment", "--in", p("prefs.jsonl"));
    Result missing = run("clinician", "agreement", "--in", p("missing.jsonl"));
    Result model = run("clinician", "alignment", "--in", p("prefs.jsonl"), "--model", "gpt-4o");

    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(imported.out()).contains("imported 4 clinician pairs");
    assertThat(exported.code()).as(exported.toString()).isZero();
    assertThat(exported.out()).contains("exported ");
    assertThat(task.code()).as(task.toString()).isZero();
    assertThat(task.out()).contains("6 items:");
    assertThat(agreementJson.code()).as(agreementJson.toString()).isZero();
    assertThat(agreementJson.out()).startsWith("{").contains("\"pairs_per_annotator\":"
        + "{\"dr-a\":2,\"dr-b\":2}");
    assertThat(agreement.code()).as(agreement.toString()).isZero();
    assertThat(agreement.out()).isNotBlank();
    assertThat(alignment.code()).as(alignment.toString()).isZero();
    assertThat(alignment.out()).contains("judge-clinician alignment");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.jsonl");
    assertArgumentError(model, "clinician alignment", "--model needs a model provider, but"
        + " 'heuristic' is offline");
  }

  @Test
  void evalSubcommands() throws IOException {
    Path test = Files.writeString(dir.resolve("test.json"), "[\n"
        + "{\"id\": 1, \"answer_type\": \"CLOSED\", \"conversations\": [{\"from\": \"human\","
        + " \"value\": \"Normal?\"}, {\"from\": \"gpt\", \"value\": \"no\"}]},\n"
        + "{\"id\": 2, \"answer_type\": \"OPEN\", \"conversations\": [{\"from\": \"human\","
        + " \"value\": \"Organ?\"}, {\"from\": \"gpt\", \"value\": \"liver\"}]}\n]\n");
    Path answers = Files.writeString(dir.resolve("answers.jsonl"),
        "{\"question_id\": 1, \"text\": \"No.\"}\n{\"question_id\": 2, \"text\": \"liver\"}\n");
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 1, \"text\": \"Q1\", \"gpt4_answer\": \"R1\", \"answer_type\": \"OPEN\"}\n");
    Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"question_id\": 1, \"text\": \"good\"}\n");
    Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"question_id\": 1, \"text\": \"bad\"}\n");
    Path reviews = Files.writeString(dir.resolve("reviews.jsonl"),
        "{\"question_id\": 1, \"category\": \"conversation\", \"domain\": {\"ct_scan\": true},"
            + " \"gpt_eval\": \"8 6\\nfine\"}\n");

    Result vqa = run("eval", "vqa", "--questions", test.toString(), "--answers", answers.toString());
    Result winRate = run("eval", "win-rate", "--questions", questions.toString(), "--answers-a",
        a.toString(), "--answers-b", b.toString(), "--out", p("j.jsonl"), "--provider",
        "fake-judge");
    Result winSummary = run("eval", "win-rate-summary", "--judgements", p("j.jsonl"));
    Result chatSummary = run("eval", "chat-summary", "--reviews", reviews.toString());
    Result chatNoJudge = run("eval", "chat", "--questions", questions.toString(), "--answers",
        a.toString(), "--out", p("r.jsonl"));
    Result badSetting = run("eval", "win-rate", "--questions", questions.toString(),
        "--answers-a", a.toString(), "--answers-b", b.toString(), "--out", p("j2.jsonl"),
        "--provider", "fake-judge", "--setting", "tempreature=0");
    Result vqaMissing = run("eval", "vqa", "--questions", p("nope.json"), "--answers",
        answers.toString());

    assertThat(vqa.code()).as(vqa.toString()).isZero();
    assertThat(vqa.out()).contains("closed");
    assertThat(winRate.code()).as(winRate.toString()).isZero();
    assertThat(winRate.out()).contains("wins 1, losses 0, ties 0");
    assertThat(winSummary.code()).as(winSummary.toString()).isZero();
    assertThat(winSummary.out()).contains("wins 1");
    assertThat(chatSummary.code()).as(chatSummary.toString()).isZero();
    assertThat(chatSummary.out()).contains("relative score");
    assertArgumentError(chatNoJudge, "eval chat", "--provider is required: pick a model provider"
        + " (");
    assertArgumentError(badSetting, "eval win-rate", "provider 'fake-judge' does not take setting"
        + " 'tempreature'; accepted: ");
    assertThat(vqaMissing.code()).as(vqaMissing.toString()).isEqualTo(1);
    assertThat(vqaMissing.err()).contains("nope.json");
  }

  @Test
  void evalChatJudgesQa50() throws IOException {
    Path qa50 = Path.of("../../shared/data/llava_med_eval_qa50_qa.jsonl");
    assumeTrue(Files.isRegularFile(qa50), "needs /work/shared/data/llava_med_eval_qa50_qa.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 193; i++) {
      lines.add("{\"question_id\": " + i + ", \"text\": \"answer " + i + "\"}");
    }
    Path answers = Files.write(dir.resolve("answers.jsonl"), lines);

    Result r = run("eval", "chat", "--questions", qa50.toAbsolutePath().toString(), "--answers",
        answers.toString(), "--out", p("reviews.jsonl"), "--provider", "fake-judge");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("relative score").contains("75.00");
  }

  @Test
  void selectionCommands() throws IOException {
    assertThat(run("judge", "--candidates", candidates.toString(), "--out", p("ratings.jsonl"))
        .code()).isZero();
    assertThat(run("pairs", "--ratings", p("ratings.jsonl"), "--out", p("pairs.jsonl"),
        "--train-pairs", "30", "--test-pairs", "10").code()).isZero();

    Result train = run("train-scorer", "--pairs", p("pairs.jsonl"), "--out", p("scorer"),
        "--embedder", "hashing", "--epochs", "1");
    Result score = run("score", "--scorer", p("scorer"), "--candidates", candidates.toString(),
        "--out", p("scores.jsonl"));
    Result select = run("select", "--scores", p("scores.jsonl"), "--candidates",
        candidates.toString(), "--out", p("selected.json"), "--top-fraction", "0.5");
    Files.write(dir.resolve("partial.jsonl"),
        Files.readAllLines(dir.resolve("scores.jsonl")).subList(0, 3));
    Result unscored = run("select", "--scores", p("partial.jsonl"), "--candidates",
        candidates.toString(), "--out", p("selected2.json"));
    Result noPairs = run("train-scorer", "--pairs", p("missing.jsonl"), "--out", p("scorer2"),
        "--embedder", "hashing");

    assertThat(train.code()).as(train.toString()).isZero();
    assertThat(train.out()).contains("saved the scorer to " + p("scorer"));
    assertThat(score.code()).as(score.toString()).isZero();
    assertThat(score.out()).contains("scored 12 candidates (0 already scored)");
    assertThat(select.code()).as(select.toString()).isZero();
    assertThat(select.out()).contains("selected 6 of 12 candidates into " + p("selected.json"));
    assertThat(unscored.code()).as(unscored.toString()).isEqualTo(1);
    assertThat(unscored.err()).contains("has no score for candidate");
    assertThat(noPairs.code()).as(noPairs.toString()).isEqualTo(1);
    assertThat(noPairs.err()).contains("missing.jsonl");
  }

  @Test
  void tuneRunAndDemoStartAndRefuseBadArguments() {
    Result tunePlan = run("tune", "plan", "--stage", "2");
    Result tiny = run("tune", "tiny", "--data", p("missing.json"), "--images", images.toString(),
        "--out", p("tiny"));
    Result runMissing = run("run", "--config", p("missing.yaml"));
    Result demo = run("demo");
    Result demoOk = run("demo", "--out", p("demo"), "--to", "generate");
    Result runOk = run("run", "--config", p("demo/pipeline.yaml"), "--from", "generate", "--to",
        "generate");

    assertThat(tunePlan.code()).as(tunePlan.toString()).isEqualTo(2);
    assertThat(tunePlan.err()).contains("Missing required option")
        .contains("Try 'biomed-vital tune plan --help' for the options.").doesNotContain("Usage:");
    assertThat(tiny.code()).as(tiny.toString()).isNotZero();
    assertThat(tiny.err()).contains("missing.json");
    assertThat(runMissing.code()).as(runMissing.toString()).isNotZero();
    assertThat(runMissing.err()).contains("missing.yaml");
    assertArgumentError(demo, "demo", "Missing required option: '--out=");
    assertThat(demoOk.code()).as(demoOk.toString()).isZero();
    assertThat(demoOk.out()).contains("ran 1 stage(s): generate");
    assertThat(runOk.code()).as(runOk.toString()).isZero();
    assertThat(runOk.out()).contains("ran 1 stage(s): generate");
  }
}
