package org.biomedvital.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.biomedvital.cli.CliProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line, {@code java -jar target/biomed-vital.jar}, as users run it: its
 * manifest class path, merged service files and process streams. Failsafe runs it after {@code
 * package}.
 */
final class CliJarIT {
  @TempDir Path dir;

  private Result jar(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("vital.cli.jar", "target/biomed-vital.jar");
    assertThat(Path.of(jar)).as("the packaged jar; run mvn verify").isRegularFile();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.language=hi", "-Duser.country=IN", "-jar", Path.of(jar).toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("finished in 3 minutes").isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void clinicianAgreementPrintsItsJson() throws Exception {
    Path sheet = Files.writeString(dir.resolve("sheet.csv"),
        "item_id,annotator_id,image,question,answer_1,answer_2,accept_1,accept_2\n"
            + "i1,dr-a,f.png,Q?,A.,B.,yes,no\ni1,dr-b,f.png,Q?,A.,B.,no,yes\n");
    assertThat(jar("clinician", "import", "--format", "accept-reject", "--in", sheet.toString(),
        "--out", dir.resolve("prefs.jsonl").toString()).code()).isZero();

    Result r = jar("clinician", "agreement", "--in", dir.resolve("prefs.jsonl").toString(),
        "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("{\"items\":1,").endsWith("}\n");
  }

  @Test
  void generateAgainstAClosedPortExitsOneAndSaysWhy() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("1_F1.jpg"), CliSmokeTest.JPEG);
    Path figures = Files.writeString(dir.resolve("figures.jsonl"),
        "{\"pair_id\":\"1_F1\",\"fig_caption\":\"Axial CT.\",\"domain\":{\"ct_scan\":true}}\n");
    Path demos = Files.writeString(dir.resolve("demos.jsonl"), "");

    Result r = jar("generate", "--figures", figures.toString(), "--images", images.toString(),
        "--demonstrations", demos.toString(), "--out", dir.resolve("gen").toString(),
        "--provider", "openai-compatible", "--base-url", "http://127.0.0.1:" + port + "/v1/",
        "--model", "m", "--max-retries", "0", "--candidates-per-figure", "3");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("error: 3 of 3 candidates failed (100%)")
        .contains("3 x connection refused: http://127.0.0.1:" + port + "/v1/chat/completions");
  }

  @Test
  void judgeWithAModelButNoProviderExitsTwoNamingTheProviders() throws Exception {
    Result r = jar("judge", "--candidates", "c.jsonl", "--out", "r.jsonl", "--model", "gpt-4o");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("add --provider with one of anthropic, azure-openai,")
        .contains("openai-compatible").contains("Try 'biomed-vital judge --help'");
  }

  @Test
  void helpPrintsNoWarning() throws Exception {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"clinician", "--help"},
        new String[] {"clinician", "alignment", "--help"}, new String[] {"demo", "--help"},
        new String[] {"generate", "--help"})) {
      Result r = jar(args);

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err()).as(r.toString()).isEmpty();
      assertThat(r.out()).contains("Usage: biomed-vital");
    }
  }
}
