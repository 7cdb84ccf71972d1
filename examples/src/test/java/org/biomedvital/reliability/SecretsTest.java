package org.biomedvital.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes an API key runs in a child JVM (through {@code Main.run}) with a
 * recognisable fake key in an environment variable, against a loopback server that answers well,
 * fails (500, reset, malformed and truncated JSON) or refuses the key with a 401 whose body echoes
 * the key back. Then every output file, stdout, stderr and the SLF4J log at debug level are scanned:
 * neither the key nor any 8-character piece of its secret part appears (a mask may show the last 4).
 */
final class SecretsTest {
  private static final String SECRET = "7f3a9c1e5b2d8f4a6c0e9b7d3a1f5c8e";
  private static final String KEY = "sk-relfake-" + SECRET;
  private static final String VAR = "BV_REL_FAKE_KEY";

  @TempDir Path dir;
  private Path figures;
  private Path demos;
  private Path candidates;
  private Path questions;
  private Path answersA;
  private Path answersB;
  private int runs;
  private long logBytes;

  @BeforeEach
  void files() throws IOException {
    figures = Fixtures.figures(dir, 4);
    demos = Fixtures.demonstrations(dir);
    candidates = Fixtures.candidates(dir, 4);
    StringBuilder q = new StringBuilder();
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      q.append("{\"question_id\": ").append(i).append(", \"text\": \"What is shown in ")
          .append(Fixtures.key(i)).append("?\\n<image>\", \"gpt4_answer\": \"A CT.\", \"type\": "
          + "\"conversation\", \"answer_type\": \"OPEN\", \"domain\": {\"ct_scan\": true}, "
          + "\"image\": \"").append(Fixtures.pairId(i)).append(".jpg\"}\n");
      a.append("{\"question_id\": ").append(i).append(", \"text\": \"A CT scan.\"}\n");
      b.append("{\"question_id\": ").append(i).append(", \"text\": \"An MRI.\"}\n");
    }
    questions = Files.writeString(dir.resolve("questions.jsonl"), q);
    answersA = Files.writeString(dir.resolve("answers-a.jsonl"), a);
    answersB = Files.writeString(dir.resolve("answers-b.jsonl"), b);
  }

  @Test
  @Timeout(240)
  void noCommandLeaksTheKeyWhetherTheServerAnswersFailsOrRefuses() throws Exception {
    try (FaultServer server = new FaultServer(Fixtures.KEY, body -> body.contains("score")
        || body.contains("rubric") ? Fixtures.judgeReply(body) : body.contains("[Assistant")
        ? "8 6\nAssistant 1 is closer. [[A]]" : Fixtures.generationReply(body), 0, 1)) {
      for (String mode : List.of("ok", "faults", "401")) {
        server.force(mode.equals("401") ? FaultServer.Fault.UNAUTHORIZED : null);
        server.faultRate(mode.equals("faults") ? 1.0 : 0.0);
        server.faults(List.of(FaultServer.Fault.SERVER_ERROR, FaultServer.Fault.RESET,
            FaultServer.Fault.MALFORMED_JSON, FaultServer.Fault.TRUNCATED_JSON));
        Path out = Files.createDirectories(dir.resolve("out-" + mode));
        String url = server.baseUrl();
        List<List<String>> commands = new ArrayList<>(List.of(
            List.of("generate", "--figures", figures.toString(), "--images",
                dir.resolve("images").toString(), "--demonstrations", demos.toString(), "--out",
                out.resolve("gen").toString(), "--provider", "openai-compatible", "--base-url", url,
                "--model", "gpt-4o-mini", "--api-key-env", VAR, "--max-retries", "1"),
            List.of("judge", "--candidates", candidates.toString(), "--images",
                dir.resolve("images").toString(), "--out", out.resolve("ratings.jsonl").toString(),
                "--provider", "openai-compatible", "--model", "judge-model", "--setting",
                "base-url=" + url, "--setting", "api-key-env=" + VAR, "--setting", "max-retries=1"),
            List.of("eval", "chat", "--questions", questions.toString(), "--answers",
                answersA.toString(), "--out", out.resolve("reviews.jsonl").toString(),
                "--provider", "openai-compatible", "--model", "gpt-4o", "--base-url",
                url, "--api-key-env", VAR)));
        if (!mode.equals("faults")) {
          // eval retries 5 times with real backoff: its failing path is the 401 run.
          commands.add(List.of("eval", "win-rate", "--questions", questions.toString(),
              "--answers-a", answersA.toString(), "--answers-b", answersB.toString(), "--out",
              out.resolve("win.jsonl").toString(), "--provider", "openai-compatible",
              "--model", "gpt-4o", "--base-url", url, "--api-key-env", VAR, "--one-order"));
        } else {
          commands.remove(2);
        }
        if (mode.equals("401")) {
          for (String provider : List.of("azure-openai", "anthropic")) {
            commands.add(List.of("generate", "--figures", figures.toString(), "--images",
                dir.resolve("images").toString(), "--demonstrations", demos.toString(), "--out",
                out.resolve("gen-" + provider).toString(), "--provider", provider, "--base-url",
                url, "--model", "m", "--api-key-env", VAR, "--max-retries", "1"));
          }
        }
        for (List<String> args : commands) {
          int before = server.authorizations().size();
          Child c = Child.start(dir.resolve("run-" + runs++), Map.of(VAR, KEY), args);
          int code = c.await(90);
          String all = c.stdoutText() + c.stderrText() + c.logText();
          logBytes += c.logText().length();
          assertThat(c.stderrText()).as("%s (%s)", args.subList(0, 2), mode)
              .doesNotContain("uncaught");
          assertNoKey(all, args + " in mode " + mode + " (exit " + code + ")");
          if (mode.equals("ok")) {
            assertThat(code).as("%s: %s", args, c.stderrText()).isZero();
          } else if (mode.equals("401")) {
            assertThat(code).as("%s exits non-zero or records failures", args).isNotNegative();
            assertThat(all.toLowerCase(java.util.Locale.ROOT)).as("the 401 is reported")
                .containsAnyOf("401", "auth", "key");
          }
          assertThat(server.authorizations().size()).as("%s reached the server", args)
              .isGreaterThan(before);
        }
        assertNoKeyInFiles(dir);
      }
      assertThat(logBytes).as("the SLF4J log files were written and scanned").isPositive();
      assertThat(server.authorizations()).as("the key was really sent")
          .anySatisfy(a -> assertThat(a).contains(KEY));
    }
  }

  @Test
  void theScanFindsAPlantedKeyOrAPieceOfIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNoKey("x" + KEY, "t"))
        .isInstanceOf(AssertionError.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> assertNoKey("Bearer sk-..." + SECRET.substring(9, 19) + "...", "t"))
        .isInstanceOf(AssertionError.class);
    assertNoKey("api key ****" + SECRET.substring(SECRET.length() - 4), "a mask");
  }

  private static void assertNoKeyInFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertNoKey(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), f.toString());
      }
    }
  }

  private static void assertNoKey(String text, String where) {
    assertThat(text).as("key in %s", where).doesNotContain(KEY);
    for (int i = 0; i + 8 <= SECRET.length() - 4; i++) {
      assertThat(text).as("piece of the key in %s", where).doesNotContain(SECRET.substring(i, i + 8));
    }
  }
}
