package org.biomedvital.cli.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.cli.Main;
import org.biomedvital.internal.Json;
import org.biomedvital.testing.FakeJudgeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EvalCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private static Path qa50() {
    String prop = System.getProperty("vital.shared.dir");
    Path f = (prop != null ? Path.of(prop) : Path.of("../shared")).resolve("data/llava_med_eval_qa50_qa.jsonl");
    if (!Files.isRegularFile(f)) {
      f = Path.of("../../shared/data/llava_med_eval_qa50_qa.jsonl");
    }
    assumeTrue(Files.isRegularFile(f), "needs ../shared/data/llava_med_eval_qa50_qa.jsonl");
    return f;
  }

  private Path vqaFiles() throws Exception {
    Files.writeString(dir.resolve("test.json"), "[\n"
        + "{\"id\": 1, \"answer_type\": \"CLOSED\", \"conversations\": [{\"from\": \"human\", \"value\": \"Normal?\"}, {\"from\": \"gpt\", \"value\": \"no\"}]},\n"
        + "{\"id\": 2, \"answer_type\": \"CLOSED\", \"conversations\": [{\"from\": \"human\", \"value\": \"Effusion?\"}, {\"from\": \"gpt\", \"value\": \"yes\"}]},\n"
        + "{\"id\": 3, \"answer_type\": \"OPEN\", \"conversations\": [{\"from\": \"human\", \"value\": \"Organ?\"}, {\"from\": \"gpt\", \"value\": \"liver\"}]}\n"
        + "]\n");
    return Files.writeString(dir.resolve("answers.jsonl"),
        "{\"question_id\": 1, \"text\": \"The image looks normal.\"}\n"
            + "{\"question_id\": 2, \"text\": \"Yes.\"}\n"
            + "{\"question_id\": 3, \"text\": \"liver liver kidney\"}\n");
  }

  @Test
  void vqaJsonPrintsBothModesAsPercentages() throws Exception {
    Path answers = vqaFiles();

    int code = run("eval", "vqa", "--questions", dir.resolve("test.json").toString(),
        "--answers", answers.toString(), "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.get("questions").asInt()).isEqualTo(3);
    assertThat(n.at("/compat/closed_accuracy").asDouble()).isEqualTo(100.0);
    assertThat(n.at("/corrected/closed_accuracy").asDouble()).isEqualTo(50.0);
    assertThat(n.at("/compat/open_recall").asDouble()).isEqualTo(100.0);
    assertThat(n.at("/compat/precision").asDouble()).isCloseTo(200.0 / 3, within(1e-9));
    assertThat(n.at("/corrected/precision").asDouble()).isCloseTo(100.0 / 3, within(1e-9));
    assertThat(n.at("/compat/bleu1").asDouble()).isCloseTo(100.0 / 3, within(1e-9));
    assertThat(n.at("/compat/closed_count").asInt()).isEqualTo(2);
    assertThat(n.get("corrected").has("closed_accuracy_batch")).isFalse();
    for (String key : List.of("closed_accuracy", "open_recall", "exact_match", "f1", "precision",
        "bleu1", "bleu2", "bleu3", "open_count", "closed_count")) {
      assertThat(n.get("compat").has(key)).as(key).isTrue();
    }
  }

  @Test
  void vqaTableAndSingleMode() throws Exception {
    Path answers = vqaFiles();

    int code = run("eval", "vqa", "--questions", dir.resolve("test.json").toString(),
        "--answers", answers.toString(), "--mode", "corrected");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("closed accuracy").contains("50.00")
        .doesNotContain("compat");
  }

  @Test
  void vqaWithMismatchedIdsExitsOneWithAClearMessage() throws Exception {
    vqaFiles();
    Path answers = Files.writeString(dir.resolve("short.jsonl"), "{\"question_id\": 1, \"text\": \"no\"}\n");

    int code = run("eval", "vqa", "--questions", dir.resolve("test.json").toString(),
        "--answers", answers.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("2 question(s) have no answer (2, 3)");
  }

  @Test
  void chatJudgesQa50ThenChatSummaryReadsTheReviews() throws Exception {
    Path questions = qa50();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 193; i++) {
      lines.add("{\"question_id\": " + i + ", \"text\": \"answer " + i + "\"}");
    }
    Path answers = Files.write(dir.resolve("answers.jsonl"), lines);
    Path reviews = dir.resolve("reviews.jsonl");

    int code = run("eval", "chat", "--questions", questions.toString(), "--answers",
        answers.toString(), "--out", reviews.toString(), "--provider", "fake-judge",
        "--model", "judge-1", "--base-url", "http://127.0.0.1:1/v1/");
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllLines(reviews)).hasSize(193);
    assertThat(FakeJudgeProvider.lastSettings().get("model")).contains("judge-1");
    assertThat(FakeJudgeProvider.lastSettings().get("base-url")).contains("http://127.0.0.1:1/v1/");
    assertThat(out.toString()).contains("relative score").contains("75.00");
    out.getBuffer().setLength(0);

    code = run("eval", "chat-summary", "--reviews", reviews.toString(), "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.get("mode").asText()).isEqualTo("corrected");
    assertThat(n.at("/by_type/conversation/count").asInt()).isEqualTo(143);
    assertThat(n.at("/by_type/detailed_description/count").asInt()).isEqualTo(50);
    assertThat(n.at("/by_domain/chest_xray/count").asInt()).isEqualTo(37);
    assertThat(n.at("/by_domain/mri/count").asInt()).isEqualTo(38);
    assertThat(n.at("/by_domain/histology/count").asInt()).isEqualTo(44);
    assertThat(n.at("/by_domain/gross/count").asInt()).isEqualTo(34);
    assertThat(n.at("/by_domain/ct_scan/count").asInt()).isEqualTo(40);
    assertThat(n.at("/overall/count").asInt()).isEqualTo(193);
    assertThat(n.at("/overall/relative_score").asDouble()).isEqualTo(75.0);
    assertThat(n.at("/overall/reference_score").asDouble()).isEqualTo(8.0);
    assertThat(n.at("/overall/model_score").asDouble()).isEqualTo(6.0);
  }

  @Test
  void chatCanGenerateTheAnswersWithAProviderFirst() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path shared = qa50().getParent().resolve("images");
    Path jpg;
    try (var files = Files.list(shared)) {
      jpg = files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
    }
    Files.copy(jpg, images.resolve("a.jpg"));
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 0, \"image\": \"a.jpg\", \"text\": \"What?\\n<image>\", \"gpt4_answer\": \"ref\","
            + " \"type\": \"conversation\", \"domain\": {\"mri\": true}}\n");
    Path answers = dir.resolve("generated.jsonl");

    int code = run("eval", "chat", "--questions", questions.toString(), "--answers",
        answers.toString(), "--out", dir.resolve("r.jsonl").toString(), "--provider",
        "fake-judge", "--answer-provider", "fake-judge", "--answer-model", "tiny", "--images",
        images.toString(), "--with-image", "--json");

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(answers)).contains("\"text\":\"fake answer with 1 image(s)\"",
        "\"model_id\":\"fake-judge:tiny\"");
    assertThat(Files.readString(dir.resolve("r.jsonl"))).contains("\"gpt_eval\":\"8 6");
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.at("/corrected/overall/relative_score").asDouble()).isEqualTo(75.0);
    assertThat(n.at("/compat/by_domain/mri/count").asInt()).isEqualTo(1);
  }

  @Test
  void chatSummaryRejectsModeBoth() throws Exception {
    Path reviews = Files.writeString(dir.resolve("r.jsonl"),
        "{\"question_id\": 1, \"type\": \"conversation\", \"gpt_eval\": \"8 4\"}\n");

    int code = run("eval", "chat-summary", "--reviews", reviews.toString(), "--mode", "both");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--mode must be compat or corrected");
  }

  @Test
  void chatSummaryCompatScoresOfficialReviewFilesWithResultField() throws Exception {
    Path reviews = Files.writeString(dir.resolve("r.jsonl"),
        "{\"question_id\": 1, \"type\": \"conversation\", \"domain\": {\"mri\": true}, \"result\": \"8 4\\nok\"}\n"
            + "{\"question_id\": 2, \"type\": \"conversation\", \"domain\": {\"mri\": true}, \"result\": \"Both good.\"}\n");

    int code = run("eval", "chat-summary", "--reviews", reviews.toString(), "--mode", "compat",
        "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    assertThat(n.at("/by_domain/mri/relative_score").asDouble()).isEqualTo(75.0);
    assertThat(n.at("/by_domain/mri/count").asInt()).isEqualTo(2);
  }

  @Test
  void winRateJudgesBothOrdersAndPrintsJson() throws Exception {
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 1, \"text\": \"Q1\\n<image>\", \"gpt4_answer\": \"R1\", \"answer_type\": \"OPEN\"}\n"
            + "{\"question_id\": 2, \"text\": \"Q2\\n<image>\", \"gpt4_answer\": \"R2\", \"answer_type\": \"OPEN\"}\n"
            + "{\"question_id\": 3, \"text\": \"Q3\\n<image>\", \"gpt4_answer\": \"R3\", \"answer_type\": \"CLOSED\"}\n");
    Path a = Files.writeString(dir.resolve("a.jsonl"),
        "{\"question_id\": 1, \"text\": \"good one\"}\n{\"question_id\": 2, \"text\": \"bad\"}\n"
            + "{\"question_id\": 3, \"text\": \"good\"}\n");
    Path b = Files.writeString(dir.resolve("b.jsonl"),
        "{\"question_id\": 1, \"text\": \"bad\"}\n{\"question_id\": 2, \"text\": \"bad too\"}\n"
            + "{\"question_id\": 3, \"text\": \"bad\"}\n");

    int code = run("eval", "win-rate", "--questions", questions.toString(), "--answers-a",
        a.toString(), "--answers-b", b.toString(), "--out", dir.resolve("j.jsonl").toString(),
        "--provider", "fake-judge", "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode n = Json.mapper().readTree(out.toString());
    // q1: A wins in both orders; q2: neither has "good", so the judge says B both times: a tie
    assertThat(n.get("wins").asInt()).isEqualTo(1);
    assertThat(n.get("losses").asInt()).isZero();
    assertThat(n.get("ties").asInt()).isEqualTo(1);
    assertThat(n.get("inconsistent").asInt()).isEqualTo(1);
    assertThat(n.get("win_rate").asDouble()).isEqualTo(75.0);
    assertThat(n.get("win_rate_excluding_ties").asDouble()).isEqualTo(100.0);
    assertThat(n.get("win_rate_ci95")).hasSize(2);
    assertThat(n.at("/official_script/tie").asInt()).isEqualTo(2);
  }

  @Test
  void winRateSummaryReadsOfficialScriptOutputAndPrintsText() throws Exception {
    Path judgements = Files.writeString(dir.resolve("official.jsonl"),
        "{\"question_id\": 1, \"answer_type\": \"OPEN\", \"result\": \"[[A]] A is closer to the truth.\"}\n"
            + "{\"question_id\": 2, \"answer_type\": \"OPEN\", \"result\": \"[[B]] B\"}\n"
            + "{\"question_id\": 3, \"answer_type\": \"OPEN\", \"result\": \"I cannot decide.\"}\n");

    int code = run("eval", "win-rate-summary", "--judgements", judgements.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        "wins 1, losses 1, ties 0 (inconsistent orders 0), unparseable 1",
        "win rate (ties as half): 50.00% [95% CI 9.45, 90.55]",
        "win rate excluding ties: 50.00% [95% CI 9.45, 90.55]",
        "official script tally: win1 1, win2 0, tie 2", ""));
  }

  @Test
  void theApiKeyComesFromTheNamedVariableAndIsNeverWritten() throws Exception {
    String var = System.getenv().keySet().stream().filter(k -> k.equals("HOME") || k.equals("PATH"))
        .sorted().findFirst().orElse(null);
    assumeTrue(var != null, "needs HOME or PATH in the environment");
    String secret = System.getenv(var);
    Path questions = Files.writeString(dir.resolve("q.jsonl"),
        "{\"question_id\": 1, \"text\": \"Q1\", \"gpt4_answer\": \"R1\", \"answer_type\": \"OPEN\"}\n");
    Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"question_id\": 1, \"text\": \"good\"}\n");
    Path judgements = dir.resolve("j.jsonl");

    int code = run("eval", "win-rate", "--questions", questions.toString(), "--answers-a",
        a.toString(), "--answers-b", a.toString(), "--out", judgements.toString(),
        "--provider", "fake-judge", "--api-key-env", var);

    assertThat(code).as(err.toString()).isZero();
    assertThat(FakeJudgeProvider.lastSettings().get("api-key-env")).contains(var);
    assertThat(FakeJudgeProvider.lastSettings().toString()).doesNotContain(secret);
    assertThat(out.toString() + err).doesNotContain(secret);
    assertThat(Files.readString(judgements)).doesNotContain(secret);
  }

  @Test
  void aMissingApiKeyVariableIsABadArgument() throws Exception {
    Path f = Files.writeString(dir.resolve("x.jsonl"), "");

    int code = run("eval", "win-rate", "--questions", f.toString(), "--answers-a", f.toString(),
        "--answers-b", f.toString(), "--out", dir.resolve("o.jsonl").toString(),
        "--provider", "fake-judge", "--api-key-env", "BIOMED_VITAL_SURELY_UNSET_VAR");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("needs an API key, but BIOMED_VITAL_SURELY_UNSET_VAR is"
        + " not set; export BIOMED_VITAL_SURELY_UNSET_VAR=... or name another variable with"
        + " --api-key-env VAR");
  }

  @Test
  void anUnknownJudgeProviderListsTheAvailableOnes() throws Exception {
    Path f = Files.writeString(dir.resolve("x.jsonl"), "");

    int code = run("eval", "chat", "--questions", f.toString(), "--answers", f.toString(),
        "--out", dir.resolve("o.jsonl").toString(), "--provider", "nope");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown provider 'nope'; available: ")
        .contains("fake-judge").contains("openai-compatible");
  }
}
