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
import java.util.Iterator;
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
      "(?i).*(time|timestamp|duration|elapsed|seconds|millis|_ms|_s|_at|started|finished|date"
          + "|per_second|per_sec|throughput).*");
  /** ISO-8601 instants and durations as they appear in the HTML report. */
  private static final Pattern TIME_TEXT = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?|\\b\\d+(\\.\\d+)?\\s?(ms|s|min)\\b");

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
      if (!same(rel, filesA.get(rel), a, filesB.get(rel), b)) {
        differ.add(rel + ": " + firstDifference(filesA.get(rel), filesB.get(rel)));
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

  private static boolean same(String rel, Path fa, Path a, Path fb, Path b) throws IOException {
    byte[] ba = Files.readAllBytes(fa);
    byte[] bb = Files.readAllBytes(fb);
    if (Arrays.equals(ba, bb)) {
      return true;
    }
    String ta = new String(ba, StandardCharsets.UTF_8).replace(a.toString(), "<run>");
    String tb = new String(bb, StandardCharsets.UTF_8).replace(b.toString(), "<run>");
    if (ta.equals(tb)) {
      return true;
    }
    boolean timed = rel.endsWith("run-manifest.json") || rel.startsWith("run/report")
        || rel.startsWith("report");
    if (!timed) {
      return false;
    }
    if (rel.endsWith(".json")) {
      JsonNode na = Json.mapper().readTree(ta);
      JsonNode nb = Json.mapper().readTree(tb);
      stripTimes(na);
      stripTimes(nb);
      return na.equals(nb);
    }
    return TIME_TEXT.matcher(ta).replaceAll("<time>").equals(TIME_TEXT.matcher(tb).replaceAll("<time>"));
  }

  /** The first line that differs, shortened, to make a failure readable. */
  private static String firstDifference(Path fa, Path fb) throws IOException {
    List<String> la = List.of(new String(Files.readAllBytes(fa), StandardCharsets.ISO_8859_1)
        .split("\n", -1));
    List<String> lb = List.of(new String(Files.readAllBytes(fb), StandardCharsets.ISO_8859_1)
        .split("\n", -1));
    for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
      if (!la.get(i).equals(lb.get(i))) {
        int at = 0;
        while (at < Math.min(la.get(i).length(), lb.get(i).length())
            && la.get(i).charAt(at) == lb.get(i).charAt(at)) {
          at++;
        }
        int from = Math.max(0, at - 40);
        return "line " + (i + 1) + ": '" + la.get(i).substring(from, Math.min(la.get(i).length(),
            at + 60)) + "' vs '" + lb.get(i).substring(from, Math.min(lb.get(i).length(), at + 60))
            + "'";
      }
    }
    return la.size() + " vs " + lb.size() + " lines";
  }

  private static void stripTimes(JsonNode n) {
    if (n instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (TIME_FIELD.matcher(e.getKey()).matches() && e.getValue().isValueNode()) {
          it.remove();
        } else {
          stripTimes(e.getValue());
        }
      }
    } else if (n instanceof ArrayNode arr) {
      arr.forEach(ReproducibleDemoTest::stripTimes);
    }
  }
}
