package org.biomedvital.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.biomedvital.VitalIoException;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.report.ReportData.LineageRow;
import org.biomedvital.report.ReportData.LossPoint;
import org.biomedvital.report.ReportData.StageRow;
import org.biomedvital.report.ReportData.SweepPoint;
import org.biomedvital.internal.AtomicText;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Renders {@link ReportData} as one self-contained HTML page: plots are drawn with JFreeChart,
 * encoded as PNG and embedded as {@code data:} URLs, so the page needs no other file and no network.
 *
 * <pre>{@code
 * HtmlReport.write(RunReader.read(runDir), runDir.resolve("report/index.html"));
 * }</pre>
 *
 * <p>The page runs one small script on load that counts the plots that decoded and writes the result
 * into {@code <output id="plot-status">}, so a headless browser can check the page.
 */
public final class HtmlReport {
  static final int WIDTH = 720;
  static final int HEIGHT = 340;

  private HtmlReport() {}

  /** Writes the page to {@code file} atomically (temporary file, then move). */
  public static void write(ReportData data, Path file) {
    String html = render(data);
    AtomicText.write(file, html);

  }

  /** The page as a string. */
  public static String render(ReportData d) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(d.title())).append("</title><style>")
        .append("body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:24px auto;")
        .append("max-width:1100px;color:#1d2733;line-height:1.4}h1{margin-bottom:0}h2{margin-top:32px;")
        .append("border-bottom:2px solid #dde3ea;padding-bottom:4px}table{border-collapse:collapse;")
        .append("margin:8px 0;font-size:14px}th,td{border:1px solid #ccd4dd;padding:4px 8px;text-align:left}")
        .append("th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".muted{color:#6b7785}.status-failed{color:#b00020;font-weight:bold}")
        .append(".status-completed{color:#1b7f3b}img.plot{display:block;margin:8px 0;max-width:100%;")
        .append("border:1px solid #e3e8ee}code{font-size:12px}</style></head><body>\n");
    h.append("<h1>").append(esc(d.title())).append("</h1><p class=\"muted\">Generated ")
        .append(esc(d.generated())).append("</p>\n");
    overview(h, d);
    h.append("<h2>Domain mix before and after selection</h2>\n");
    if (d.poolDomains().isEmpty()) {
      h.append("<p class=\"muted\">No selection yet.</p>\n");
    } else {
      h.append(plot("domain-mix", "Candidates per domain before and after selection", domainChart(d)));
      domainTable(h, d);
    }
    h.append("<h2>Scores and the selection cut</h2>\n");
    if (d.scores().isEmpty()) {
      h.append("<p class=\"muted\">No scores yet.</p>\n");
    } else {
      h.append(plot("score-histogram", "Histogram of candidate scores with the selection cut",
          histogram(d)));
      h.append("<p>").append(d.scores().size()).append(" candidates scored");
      if (!Double.isNaN(d.cutScore())) {
        String selector = d.facts().getOrDefault("selector", "");
        long kept = d.selectedDomains().values().stream().mapToLong(Long::longValue).sum();
        h.append("; the selector <code>").append(esc(selector)).append("</code> kept ").append(kept)
            .append(", the lowest kept score is ").append(num(d.cutScore()));
        if (selector.contains("quota")) {
          h.append(" (per-domain quotas keep the top of each domain, so a kept candidate may score "
              + "below a dropped one of another domain: there is no single cut)");
        }
      }
      h.append(".</p>\n");
    }
    h.append("<h2>Clinician alignment against the human weight</h2>\n");
    if (d.sweep().isEmpty()) {
      h.append("<p class=\"muted\">No human-weight sweep ran (set <code>train.sweep</code> to run one).</p>\n");
    } else {
      h.append(plot("alignment-sweep", "Clinician alignment and model-pair accuracy per human weight",
          sweepChart(d.sweep())));
      h.append("<table><tr><th>human weight w</th><th>clinician alignment</th>")
          .append("<th>model-pair accuracy</th></tr>");
      for (SweepPoint p : d.sweep()) {
        h.append("<tr><td class=\"num\">").append(num(p.humanWeight())).append("</td><td class=\"num\">")
            .append(num(p.clinicianAlignment())).append("</td><td class=\"num\">")
            .append(num(p.modelPairAccuracy())).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Training loss</h2>\n");
    if (d.scorerLoss().isEmpty() && d.tuningLoss().isEmpty()) {
      h.append("<p class=\"muted\">No training yet.</p>\n");
    }
    if (!d.scorerLoss().isEmpty()) {
      h.append(plot("scorer-loss", "Scorer training loss per epoch",
          lossChart("Scorer training loss", "epoch", d.scorerLoss(), new Color(31, 119, 180))));
    }
    if (!d.tuningLoss().isEmpty()) {
      h.append(plot("tuning-loss", "Tuning loss per step",
          lossChart("Tuning loss", "step", d.tuningLoss(), new Color(214, 39, 40))));
    }
    h.append("<h2>Evaluation</h2>\n");
    if (d.evaluation().isEmpty()) {
      h.append("<p class=\"muted\">No evaluation yet.</p>\n");
    }
    for (EvaluationTable t : d.evaluation()) {
      h.append("<h3>").append(esc(t.title())).append("</h3><table><tr>");
      t.columns().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
      h.append("</tr>");
      for (List<String> row : t.rows()) {
        h.append("<tr>");
        row.forEach(c -> h.append(isNumber(c) ? "<td class=\"num\">" : "<td>").append(esc(c)).append("</td>"));
        h.append("</tr>");
      }
      h.append("</table>\n");
    }
    lineage(h, d);
    h.append("<output id=\"plot-status\" hidden>pending</output>\n<script>\n")
        .append("window.addEventListener('load', function () {\n")
        .append("  var imgs = document.querySelectorAll('img.plot'), ok = 0, broken = [];\n")
        .append("  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) { ok++; }")
        .append(" else { broken.push(i.id); } });\n")
        .append("  document.getElementById('plot-status').textContent =\n")
        .append("    'plots=' + imgs.length + ' rendered=' + ok + ' broken=' + broken.join(',');\n")
        .append("});\n</script>\n</body></html>\n");
    return h.toString();
  }

  private static void overview(StringBuilder h, ReportData d) {
    h.append("<h2>Overview</h2>\n<table><tr><th>stage</th><th>status</th><th>counts</th>")
        .append("<th>spend (USD)</th><th>time (s)</th></tr>");
    double spend = 0;
    double seconds = 0;
    for (StageRow s : d.stages()) {
      StringBuilder counts = new StringBuilder();
      s.counts().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(esc(k))
          .append(' ').append(v));
      h.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"status-")
          .append(esc(s.status())).append("\">").append(esc(s.status()));
      if (!s.error().isEmpty()) {
        h.append(": ").append(esc(s.error()));
      }
      h.append("</td><td>").append(counts).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.4f", s.spendUsd())).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.1f", s.seconds())).append("</td></tr>");
      spend += s.spendUsd();
      seconds += s.seconds();
    }
    h.append("<tr><th>total</th><th></th><th></th><th class=\"num\">")
        .append(String.format(Locale.ROOT, "%.4f", spend)).append("</th><th class=\"num\">")
        .append(String.format(Locale.ROOT, "%.1f", seconds)).append("</th></tr></table>\n");
  }

  private static void domainTable(StringBuilder h, ReportData d) {
    Set<String> domains = new LinkedHashSet<>(d.poolDomains().keySet());
    domains.addAll(d.selectedDomains().keySet());
    long poolTotal = d.poolDomains().values().stream().mapToLong(Long::longValue).sum();
    long selTotal = d.selectedDomains().values().stream().mapToLong(Long::longValue).sum();
    h.append("<table><tr><th>domain</th><th>before</th><th>share</th><th>after</th><th>share</th></tr>");
    for (String dom : domains) {
      long a = d.poolDomains().getOrDefault(dom, 0L);
      long b = d.selectedDomains().getOrDefault(dom, 0L);
      h.append("<tr><td>").append(esc(dom)).append("</td><td class=\"num\">").append(a)
          .append("</td><td class=\"num\">").append(pct(a, poolTotal)).append("</td><td class=\"num\">")
          .append(b).append("</td><td class=\"num\">").append(pct(b, selTotal)).append("</td></tr>");
    }
    h.append("<tr><th>total</th><th class=\"num\">").append(poolTotal).append("</th><th></th><th class=\"num\">")
        .append(selTotal).append("</th><th></th></tr></table>\n");
  }

  private static void lineage(StringBuilder h, ReportData d) {
    h.append("<h2>Lineage</h2>\n<p class=\"muted\">From <code>run-manifest.json</code>: every input ")
        .append("and every stage's output with its SHA-256 (folders: a hash of their listing).</p>\n");
    h.append("<table><tr><th>from</th><th>name</th><th>path</th><th>sha256</th></tr>");
    for (LineageRow r : d.lineage()) {
      h.append("<tr><td>").append(esc(r.stage())).append("</td><td>").append(esc(r.name()))
          .append("</td><td><code>").append(esc(r.path())).append("</code></td><td><code>")
          .append(esc(r.sha256().length() > 20 ? r.sha256().substring(0, 20) + "\u2026" : r.sha256()))
          .append("</code></td></tr>");
    }
    h.append("</table>\n<table><tr><th>fact</th><th>value</th></tr>");
    for (Map.Entry<String, String> e : d.facts().entrySet()) {
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  static JFreeChart domainChart(ReportData d) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    Set<String> domains = new LinkedHashSet<>(d.poolDomains().keySet());
    domains.addAll(d.selectedDomains().keySet());
    for (String dom : domains) {
      ds.addValue(d.poolDomains().getOrDefault(dom, 0L), "before selection", dom);
      ds.addValue(d.selectedDomains().getOrDefault(dom, 0L), "after selection", dom);
    }
    JFreeChart c = ChartFactory.createBarChart("Domain mix", "domain", "candidates", ds,
        PlotOrientation.VERTICAL, true, false, false);
    c.setBackgroundPaint(Color.WHITE);
    return c;
  }

  static JFreeChart histogram(ReportData d) {
    double[] values = d.scores().stream().mapToDouble(Double::doubleValue).toArray();
    HistogramDataset ds = new HistogramDataset();
    double min = java.util.Arrays.stream(values).min().orElse(0);
    double max = java.util.Arrays.stream(values).max().orElse(1);
    if (max <= min) {
      max = min + 1;
    }
    ds.addSeries("scores", values, Math.max(5, Math.min(40, values.length / 4)), min, max);
    JFreeChart c = ChartFactory.createHistogram("Candidate scores", "score", "candidates", ds,
        PlotOrientation.VERTICAL, false, false, false);
    c.setBackgroundPaint(Color.WHITE);
    if (!Double.isNaN(d.cutScore())) {
      ValueMarker cut = new ValueMarker(d.cutScore(), new Color(200, 30, 30), new BasicStroke(2.5f));
      cut.setLabel("selection cut");
      ((XYPlot) c.getPlot()).addDomainMarker(cut);
    }
    return c;
  }

  static JFreeChart sweepChart(List<SweepPoint> sweep) {
    XYSeries align = new XYSeries("clinician alignment");
    XYSeries acc = new XYSeries("model-pair accuracy");
    for (SweepPoint p : sweep) {
      align.add(p.humanWeight(), p.clinicianAlignment());
      if (!Double.isNaN(p.modelPairAccuracy())) {
        acc.add(p.humanWeight(), p.modelPairAccuracy());
      }
    }
    XYSeriesCollection ds = new XYSeriesCollection(align);
    if (acc.getItemCount() > 0) {
      ds.addSeries(acc);
    }
    JFreeChart c = ChartFactory.createXYLineChart("Alignment vs human weight", "human weight w", "rate",
        ds, PlotOrientation.VERTICAL, true, false, false);
    c.setBackgroundPaint(Color.WHITE);
    XYPlot plot = (XYPlot) c.getPlot();
    boolean positive = sweep.stream().allMatch(p -> p.humanWeight() > 0);
    if (positive && sweep.size() > 1) {
      LogAxis axis = new LogAxis("human weight w (log scale)");
      axis.setSmallestValue(0.5);
      axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
      axis.setNumberFormatOverride(new java.text.DecimalFormat("0",
          java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
      plot.setDomainAxis(axis);
    }
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    return c;
  }

  static JFreeChart lossChart(String title, String x, List<LossPoint> points, Color color) {
    XYSeries s = new XYSeries("loss");
    points.forEach(p -> s.add(p.x(), p.loss()));
    JFreeChart c = ChartFactory.createXYLineChart(title, x, "loss", new XYSeriesCollection(s),
        PlotOrientation.VERTICAL, false, false, false);
    c.setBackgroundPaint(Color.WHITE);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, points.size() <= 30);
    r.setSeriesPaint(0, color);
    r.setSeriesStroke(0, new BasicStroke(2f));
    ((XYPlot) c.getPlot()).setRenderer(r);
    return c;
  }

  /** An {@code <img>} holding the chart as a PNG data URL. */
  static String plot(String id, String alt, JFreeChart chart) {
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot) {
      ((XYPlot) chart.getPlot()).setDomainGridlinePaint(new Color(220, 220, 220));
      ((XYPlot) chart.getPlot()).setRangeGridlinePaint(new Color(220, 220, 220));
    } else if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot) {
      ((org.jfree.chart.plot.CategoryPlot) chart.getPlot()).setRangeGridlinePaint(new Color(220, 220, 220));
    }
    BufferedImage img = chart.createBufferedImage(WIDTH, HEIGHT);
    byte[] png;
    try {
      png = ChartUtils.encodeAsPNG(img);
    } catch (IOException e) {
      throw new VitalIoException(Path.of(id), "cannot encode plot " + id, e);
    }
    return "<img class=\"plot\" id=\"" + id + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
        + "\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\">\n";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "&ndash;";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pct(long a, long total) {
    return total == 0 ? "&ndash;" : String.format(Locale.ROOT, "%.1f%%", 100.0 * a / total);
  }

  private static boolean isNumber(String s) {
    return s.matches("-?[0-9]+(\\.[0-9]+)?%?");
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '&': sb.append("&amp;"); break;
        case '"': sb.append("&quot;"); break;
        case '\'': sb.append("&#39;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
