package org.biomedvital.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.cli.Main;
import org.biomedvital.internal.Json;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ValidateCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  static final String TURN = "{\"from\": \"human\", \"value\": \"<image>\\nWhat is shown?\"}, "
      + "{\"from\": \"gpt\", \"value\": \"A CT.\"}";

  private Path badFile() throws Exception {
    return Files.writeString(tmp.resolve("bad.json"), "[\n"
        + "{\"id\": \"1\", \"image\": \"1.jpg\", \"domain\": {\"ct_scan\": true}, \"conversations\": [" + TURN + "]},\n"
        + "{\"id\": \"2\", \"image\": \"2.jpg\", \"conversations\": [{\"from\": \"gpt\", \"value\": \"x\"}]},\n"
        + "{\"id\": \"3\", \"conversations\": [" + TURN + "]}\n]\n");
  }

  @Test
  void theBundledSampleIsValid() {
    int code = run("validate", "--sample");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("sample-instructions.json (bundled): llava-instructions, json array\nrecords: 8\n")
        .contains("turns: 38 (4.75 per record; 5 with 4 turns, 3 with 6 turns)")
        .contains("domains: chest_xray 2, mri 2, ct_scan 2, histology 1, gross 1, none 0")
        .contains("problems: 0 errors, 0 warnings")
        .endsWith("OK\n");
  }

  @Test
  void reportsEveryProblemWithItsLineAndExitsOne() throws Exception {
    Path f = badFile();

    int code = run("validate", f.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("records: 1\n")
        .contains("problems: 2 errors, 0 warnings\n")
        .contains("  line 3: error: field 'conversations' turn 0 must be from 'human' but is from 'gpt' (record 2, id '2')\n")
        .contains("  line 4: error: field 'image' is required but missing")
        .endsWith("INVALID\n");
  }

  @Test
  void printsOneJsonObjectWithRecordsAndProblems() throws Exception {
    int code = run("validate", badFile().toString(), "--json", "--kind", "llava-instructions");

    JsonNode report = Json.mapper().readTree(out.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString().trim().lines()).hasSize(1);
    assertThat(report.get("records").asLong()).isEqualTo(1);
    assertThat(report.get("kind").asText()).isEqualTo("llava-instructions");
    assertThat(report.get("domains").get("ct_scan").asLong()).isEqualTo(1);
    assertThat(report.get("problems")).hasSize(2);
    assertThat(report.get("problems").get(0).get("line").asLong()).isEqualTo(3);
    assertThat(report.get("problems").get(1).get("message").asText()).startsWith("is required but missing");
  }

  @Test
  void detectsTheKindOfTheRealFixtures() throws Exception {
    int code = run("validate", SharedData.qa50().toString(), "--json");

    JsonNode report = Json.mapper().readTree(out.toString());
    assertThat(code).isZero();
    assertThat(report.get("kind").asText()).isEqualTo("qa50");
    assertThat(report.get("records").asLong()).isEqualTo(193);
  }

  @Test
  void warningsAloneDoNotFail() {
    int code = run("validate", SharedData.demonstrations().toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("demonstrations, jsonl\nrecords: 58\n")
        .contains("problems: 0 errors, 2 warnings")
        .contains("line 34: warning: field 'conversations' turn 6 repeats role 'gpt'");
  }

  @Test
  void badArgumentsExitTwo() throws Exception {
    Path f = badFile();

    assertThat(run("validate", f.toString(), "--kind", "csv")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown --kind 'csv'; use auto or one of llava-instructions, ");
    assertThat(run("validate")).isEqualTo(2);
    assertThat(run("validate", tmp.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("missing.json: no such file; check the path");
    assertThat(run("validate", f.toString(), "--no-such-option")).isEqualTo(2);
  }

  @Test
  void anUnrecognisableFileIsAnError() throws Exception {
    Path f = Files.writeString(tmp.resolve("x.jsonl"), "{\"x\": 1}\n");

    assertThat(run("validate", f.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("is of no known kind");
  }
}
