package org.biomedvital.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class BenchmarkReportTest {
  @Test
  void readsEveryTableStyleTheBenchmarksPrint() {
    String generation = String.format(java.util.Locale.ROOT, "%-58s %14s %14s %8s %s%n", "what",
        "ours", "reference", "ratio", "target")
        + String.format(java.util.Locale.ROOT, "%-58s %14s %14s %8s %s%n",
            "1000 requests, server 600 per 6 s: time", "10.15 s", "10.00 s (ideal)", "1.02",
            "<= 1.10");
    List<BenchmarkReport.Row> g = BenchmarkReport.parse("GenerationBenchmark", generation);
    assertThat(g).containsExactly(new BenchmarkReport.Row("GenerationBenchmark",
        "1000 requests, server 600 per 6 s: time", "10.15 s", "10.00 s (ideal)", "1.02", "<= 1.10"));

    String selection = String.format(java.util.Locale.ROOT, "%-66s %14s %14s %14s %12s%n", "what",
        "ours", "reference", "ratio", "target")
        + String.format(java.util.Locale.ROOT, "%-66s %14s %14s %14s %12s%n",
            "scorer training, 30,000 pairs x 6 epochs, seconds", "41.2", "35.0", "1.18", "<= 1.5");
    assertThat(BenchmarkReport.parse("S", selection)).containsExactly(new BenchmarkReport.Row("S",
        "scorer training, 30,000 pairs x 6 epochs, seconds", "41.2", "35.0", "1.18", "<= 1.5"));

    String pool = String.format(java.util.Locale.ROOT, SelectionPoolBenchmark.FORMAT + "%n", "what", "ours",
        "reference", "ratio", "target") + SelectionPoolBenchmark.row("score 300 candidates, MiniLM (candidates/s)",
        12.5, Double.NaN, "24.0 s, 1,500 texts, 1,200 distinct, 1,200 embedded, heap 300 MB", "report") + "\n";
    assertThat(BenchmarkReport.parse("SP", pool)).containsExactly(new BenchmarkReport.Row("SP",
        "score 300 candidates, MiniLM (candidates/s)", "12.50", "-",
        "24.0 s, 1,500 texts, 1,200 distinct, 1,200 embedded, heap 300 MB", "report"));

    String pipes = "what | ours | reference (same run) | ratio | target\n"
        + "resumed run | 47 ms | 63 ms: by hand | 0.75 | <= 1.5\n";
    assertThat(BenchmarkReport.parse("P", pipes)).containsExactly(
        new BenchmarkReport.Row("P", "resumed run", "47 ms", "63 ms: by hand", "0.75", "<= 1.5"));

    String tuning = String.format(java.util.Locale.ROOT,
        "%-72s ours %12.3f  ref %12.3f  ratio %8.3f  %s%n", "log lines/s", 2.0, 4.0, 0.5, "x");
    assertThat(BenchmarkReport.parse("T", tuning)).containsExactly(
        new BenchmarkReport.Row("T", "log lines/s", "2.000", "4.000", "0.500", "x"));

    String format = "our streaming read (CPU)               |                 399.3 | 399.3\n"
        + "raw Jackson tokens+text (CPU, ref)     |                 564.9 | 564.9\n"
        + "CPU-time read ratio ours / Jackson tokens+text = 0.71 (target >= 0.70): MET\n";
    assertThat(BenchmarkReport.parse("F", format)).containsExactly(new BenchmarkReport.Row("F",
        "CPU-time read ratio ours / Jackson tokens+text", "399.3 MB/s", "564.9 MB/s", "0.71",
        ">= 0.70: MET"));
  }

  @Test
  void findsTheKnownBenchmarksAndPrintsOneTable() {
    assertThat(BenchmarkReport.discover()).contains("FormatBenchmark", "PipelineBenchmark",
        "SelectionBenchmark").doesNotContain("BenchmarkReport");
    String t = BenchmarkReport.table(List.of(new BenchmarkReport.Row("XBenchmark", "w", "1", "2",
        "0.5", "t")), true);
    assertThat(t).contains("| benchmark | what | ours | reference (same run) | ratio | target |")
        .contains("| X         | w    | 1    | 2                    | 0.5   | t      |");
  }
}
