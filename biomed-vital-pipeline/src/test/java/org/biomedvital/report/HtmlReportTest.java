package org.biomedvital.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.report.ReportData.LineageRow;
import org.biomedvital.report.ReportData.LossPoint;
import org.biomedvital.report.ReportData.StageRow;
import org.biomedvital.report.ReportData.SweepPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HtmlReportTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  static ReportData sample() {
    Random r = new Random(1);
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      scores.add(r.nextGaussian());
    }
    List<LossPoint> scorer = new ArrayList<>();
    for (int e = 1; e <= 6; e++) {
      scorer.add(new LossPoint(e, 0.7 / e + 0.1));
    }
    List<LossPoint> tuning = new ArrayList<>();
    for (int s = 1; s <= 60; s++) {
      tuning.add(new LossPoint(s, 4.0 * Math.exp(-s / 20.0) + 0.3));
    }
    Map<String, Long> pool = new LinkedHashMap<>();
    Map<String, Long> sel = new LinkedHashMap<>();
    String[] domains = {"chest_xray", "mri", "histology", "gross", "ct_scan"};
    for (int i = 0; i < domains.length; i++) {
      pool.put(domains[i], 16L);
      sel.put(domains[i], 12L + (i % 3));
    }
    return new ReportData("biomed-vital run report", "2026-11-26T12:00:00Z",
        List.of(new StageRow("generate", "completed", 3.2, Map.of("candidates", 80L), 0.0123, ""),
            new StageRow("judge", "completed", 1.1, Map.of("ratings", 80L), 0, ""),
            new StageRow("tune", "failed", 0.5, Map.of(), 0, "tuning exploded <boom>")),
        pool, sel, scores, 0.12,
        List.of(new SweepPoint(1, 0.55, 0.81), new SweepPoint(10, 0.61, 0.8),
            new SweepPoint(100, 0.7, 0.77), new SweepPoint(400, 0.72, 0.7)),
        scorer, tuning,
        List.of(new EvaluationTable("Open visual chat (relative score)", List.of("domain", "score", "n"),
            List.of(List.of("CXR", "51.2", "6"), List.of("overall", "48.9", "30")))),
        List.of(new LineageRow("input", "figures", "/data/figures.json", "ab".repeat(32)),
            new LineageRow("generate", "candidates.jsonl", "/run/candidates.jsonl", "cd".repeat(32))),
        Map.of("version: biomed-vital", "0.1.0-SNAPSHOT", "prompt templates", "biomed-vital-v1"));
  }

  @Test
  void embedsEveryPlotAsADecodablePngAndShowsTablesAndLineage() throws IOException {
    String html = HtmlReport.render(sample());

    Matcher m = Pattern.compile("<img class=\"plot\" id=\"([a-z-]+)\"[^>]*src=\"data:image/png;base64,([^\"]+)\"")
        .matcher(html);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(2))));
      assertThat(img.getWidth()).isEqualTo(HtmlReport.WIDTH);
      assertThat(distinctColours(img)).as(m.group(1)).isGreaterThan(8);
    }
    assertThat(ids).containsExactly("domain-mix", "score-histogram", "alignment-sweep", "scorer-loss",
        "tuning-loss");
    assertThat(html).doesNotContain("src=\"http").doesNotContain("<link ")
        .contains("Open visual chat (relative score)").contains("<td class=\"num\">51.2</td>")
        .contains("tuning exploded &lt;boom&gt;").contains("/run/candidates.jsonl")
        .contains("<td class=\"num\">0.0123</td>").contains("biomed-vital-v1")
        .contains("kept 64, the lowest kept score is 0.1200");
  }

  @Test
  void emptyRunRendersWithoutPlots() {
    ReportData empty = new ReportData("t", "now", List.of(), Map.of(), Map.of(), List.of(), Double.NaN,
        List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());

    String html = HtmlReport.render(empty);

    assertThat(html).doesNotContain("<img").contains("No selection yet.").contains("No evaluation yet.");
  }

  @Test
  void headlessChromiumRendersThePageAndEveryPlot() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)");
    Path page = dir.resolve("report/index.html");
    HtmlReport.write(sample(), page);
    Path shot = dir.resolve("shot.png");

    String dom = chromium(List.of("--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
    chromium(List.of("--screenshot=" + shot, "--window-size=1280,4000", page.toUri().toString()));

    assertThat(dom).contains("plots=5 rendered=5 broken=<");
    BufferedImage img = ImageIO.read(shot.toFile());
    assertThat(img.getWidth()).isEqualTo(1280);
    assertThat(distinctColours(img)).isGreaterThan(100);
  }

  private String chromium(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
