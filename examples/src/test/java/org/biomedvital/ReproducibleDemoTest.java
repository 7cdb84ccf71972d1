package org.biomedvital;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.biomedvital.cli.Main;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 7: two demo runs with the same inputs and seed write identical trees. Every data
 * file must be byte-identical (once the run's own folder name is replaced); only timestamp and
 * duration fields of the run manifest and the report may differ.
 */
final class ReproducibleDemoTest {
  /** Fields that hold a time of day or a duration: the only ones allowed to differ. */
  private static final Pattern TIME_FIELD = Pattern.compile(
      "(?i)(.*(time|duration|elapsed|runtime|created|updated|started|finished|per_second).*"
          + "|seconds|.*(_s|_ms|_seconds|_millis|_at|_date))");
  /** ISO-8601 instants and durations as they appear in the HTML report. */
  private static final Pattern TIME_TEXT = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?|\\b\\d+(\\.\\d+)?\\s?(ms|s|min)\\b");
  /** The last cell of each row of the report's stage table: the stage's duration in seconds. */
  /** A folder's hash as the report shows it (see {@link #stripFolderAndReportHashes}). */
  private static final Pattern FOLDER_HASH = Pattern.compile("dir:[0-9a-f]+");
  private static final Pattern STAGE_SECONDS = Pattern.compile(
      "class=\"num\">[0-9.]+</t([dh])></tr>");

  @TempDir Path dir;

  @Test
  void twoDemoRunsWriteTheSameTreeTimestampsAndDurationsAside() throws Exception {
    Path a = demo("a");
    Path b = demo("b");

    Map<String, Path> filesA = files(a);
    Map<String, Path> filesB = files(b);
    assertThat(filesB.keySet()).isEqualTo(filesA.keySet());
    List<String> differ = new ArrayList<>();
    for (String rel : filesA.keySet()) {
      byte[] ba = Files.readAllBytes(filesA.get(rel));
      byte[] bb = Files.readAllBytes(filesB.get(rel));
      if (Arrays.equals(ba, bb)) {
        continue;
      }
      String na = normalised(rel, ba, a);
      String nb = normalised(rel, bb, b);
      if (!na.equals(nb)) {
        differ.add(rel + ": " + firstDifference(na, nb));
      }
    }
    assertThat(differ).as("files that differ between two identical runs").isEmpty();
  }

  private Path demo(String name) {
    Path out = dir.resolve(name);
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo", "--out",
        out.toString());
    assertThat(code).as(err.toString()).isZero();
    return out;
  }

  private static Map<String, Path> files(Path root) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString(), f));
    }
    return out;
  }

  /**
   * The file's text with the run folder replaced and what may differ removed: timestamp and
   * duration fields of JSON files (key order kept, so that order counts), the report's output
   * hash in the manifest (the report holds its time of writing), times in the HTML report.
   */
  private static String normalised(String rel, byte[] bytes, Path root) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8).replace(root.toString(), "<run>");
    if (rel.endsWith(".json")) {
      JsonNode n = Json.mapper().readTree(text);
      stripTimes(n);
      if (rel.endsWith("run-manifest.json")) {
        stripFolderAndReportHashes(n);
      }
      return n.toPrettyString();
    }
    if (rel.startsWith("run/report/")) {
      return withoutTimes(text);
    }
    return text;
  }

  /**
   * Removes the manifest's hashes of the report (it holds its time of writing) and of folders
   * (the tuning folder's result holds the trainer's runtime), as outputs and as later stages'
   * inputs: each file under them is compared on its own, with the same rules, so nothing escapes
   * the comparison.
   */
  private static void stripFolderAndReportHashes(JsonNode n) {
    if (n instanceof ObjectNode o) {
      List<String> hashes = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode v = e.getValue();
        if (v.isTextual() && v.asText().startsWith("dir:")
            || e.getKey().startsWith("report/") && v.isObject()) {
          hashes.add(e.getKey());
        } else {
          stripFolderAndReportHashes(v);
        }
      }
      o.remove(hashes);
    } else if (n instanceof ArrayNode arr) {
      arr.forEach(ReproducibleDemoTest::stripFolderAndReportHashes);
    }
  }

  /** The report's text with its timestamps and the stage table's durations masked. */
  private static String withoutTimes(String html) {
    StringBuilder sb = new StringBuilder();
    for (String line : html.split("\n", -1)) {
      if (line.contains("<th>time (s)</th>")) {
        line = STAGE_SECONDS.matcher(line).replaceAll("class=\"num\"><time></t$1></tr>");
      }
      line = FOLDER_HASH.matcher(line).replaceAll("dir:<hash>");
      sb.append(TIME_TEXT.matcher(line).replaceAll("<time>")).append('\n');
    }
    return sb.toString();
  }

  /** The first line that differs, shortened, to make a failure readable. */
  private static String firstDifference(String a, String b) {
    String[] la = a.split("\n", -1);
    String[] lb = b.split("\n", -1);
    for (int i = 0; i < Math.min(la.length, lb.length); i++) {
      if (!la[i].equals(lb[i])) {
        int at = 0;
        while (at < Math.min(la[i].length(), lb[i].length()) && la[i].charAt(at) == lb[i].charAt(at)) {
          at++;
        }
        int from = Math.max(0, at - 60);
        return "line " + (i + 1) + ": '" + la[i].substring(from, Math.min(la[i].length(), at + 60))
            + "' vs '" + lb[i].substring(from, Math.min(lb[i].length(), at + 60)) + "'";
      }
    }
    return la.length + " vs " + lb.length + " lines";
  }

  private static void stripTimes(JsonNode n) {
    if (n instanceof ObjectNode o) {
      List<String> timed = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (TIME_FIELD.matcher(e.getKey()).matches() && e.getValue().isValueNode()) {
          timed.add(e.getKey());
        } else {
          stripTimes(e.getValue());
        }
      }
      o.remove(timed);
    } else if (n instanceof ArrayNode arr) {
      arr.forEach(ReproducibleDemoTest::stripTimes);
    }
  }
}
