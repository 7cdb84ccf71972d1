package org.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart is the code this project compiles: its Java block under
 * "## Quickstart (Java)" equals, line for line (indentation aside), the marked part of
 * {@code readme/ReadmeQuickstart.java}.
 */
final class ReadmeInSyncTest {
  private static final Path README = Path.of(System.getProperty("vital.readme", "../../README.md"));
  private static final Path QUICKSTART =
      Path.of("src/main/java/org/example/consumer/readme/ReadmeQuickstart.java");

  @Test
  void theReadmeQuickstartIsTheCompiledQuickstart() throws IOException {
    List<String> readme = readmeBlock(Files.readAllLines(README));
    List<String> compiled = between(Files.readAllLines(QUICKSTART),
        "// README:quickstart:begin", "// README:quickstart:end");

    assertThat(readme).as("the ```java block under '## Quickstart (Java)' in %s; copy the code "
        + "between the markers of %s there (or change both)", README, QUICKSTART)
        .isNotEmpty().containsExactlyElementsOf(compiled);
  }

  @Test
  void theReadmeLibraryPartsNeedNoExamplesModule() throws IOException {
    List<String> lines = Files.readAllLines(README);

    for (String section : List.of("## Maven coordinates", "## Quickstart (Java)")) {
      assertThat(section(lines, section)).as("%s of %s", section, README).isNotEmpty()
          .noneMatch(line -> line.contains("examples/") || line.contains("org.biomedvital.examples")
              || line.contains("<artifactId>examples</artifactId>"));
    }
  }

  /** The lines from {@code heading} to the next heading of the same level. */
  static List<String> section(List<String> lines, String heading) {
    int start = lines.indexOf(heading);
    if (start < 0) {
      return List.of();
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start, end);
  }

  static List<String> readmeBlock(List<String> lines) {
    int heading = lines.indexOf("## Quickstart (Java)");
    assertThat(heading).as("%s has no '## Quickstart (Java)' heading", README).isNotNegative();
    List<String> rest = lines.subList(heading, lines.size());
    return between(rest, "```java", "```");
  }

  /** The trimmed, non-blank lines strictly between the first {@code begin} and the next {@code end}. */
  static List<String> between(List<String> lines, String begin, String end) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : lines) {
      String t = line.trim();
      if (!in && t.equals(begin)) {
        in = true;
      } else if (in && t.equals(end)) {
        return out;
      } else if (in && !t.isEmpty()) {
        out.add(t);
      }
    }
    return in ? out : List.of();
  }
}
