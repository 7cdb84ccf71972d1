package org.biomedvital.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.biomedvital.pipeline.StageProgress;
import org.biomedvital.pipeline.StageResult;
import org.junit.jupiter.api.Test;

final class ConsoleProgressTest {
  final StringWriter sink = new StringWriter();
  final AtomicLong now = new AtomicLong();

  static StageProgress progress(long done, long total, double seconds, double spend) {
    return new StageProgress("generate", done, total, 0, spend, Duration.ofMillis((long) (seconds * 1000)));
  }

  @Test
  void barShowsDoneTotalRateEtaAndSpend() {
    assertThat(ConsoleProgress.bar(progress(40, 80, 4, 0.0123)))
        .isEqualTo("generate [###############...............] 40/80  10.0/s  ETA 4.0s  $0.0123");
  }

  @Test
  void logLineShowsPercentRateEtaAndSpend() {
    assertThat(ConsoleProgress.line(progress(20, 80, 2, 0.5)))
        .isEqualTo("generate: 20/80 (25%), 10.0/s, ETA 6.0s, $0.5000");
    assertThat(ConsoleProgress.line(new StageProgress("judge", 5, 0, 2, 0, Duration.ZERO)))
        .isEqualTo("judge: 5 (2 failed)");
  }

  @Test
  void logModePrintsAtMostOneLinePerIntervalAndTheLastOne() {
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(sink), false, Duration.ofSeconds(10), now::get);

    p.onStageStart("generate", 0, 10);
    for (int i = 1; i <= 80; i++) {
      now.addAndGet(Duration.ofMillis(300).toNanos());
      p.onProgress(progress(i, 80, i * 0.3, 0));
    }
    p.onStageFinish("generate", StageResult.builder().count("candidates", 80).build(), Duration.ofSeconds(24));

    String[] lines = sink.toString().split("\n");
    assertThat(lines[0]).isEqualTo("[1/10] generate ...");
    java.util.List<String> logged = java.util.Arrays.stream(lines)
        .filter(l -> l.startsWith("generate: ")).toList();
    assertThat(logged).hasSize(4);
    assertThat(logged.get(3)).startsWith("generate: 80/80 (100%)");
    assertThat(lines[lines.length - 1]).isEqualTo("      generate done in 0:24: candidates 80");
    assertThat(sink.toString()).doesNotContain("\r");
  }

  @Test
  void terminalModeRedrawsOneLineInPlace() {
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(sink), true, Duration.ofMillis(100), now::get);

    p.onStageStart("score", 4, 10);
    for (int i = 1; i <= 10; i++) {
      now.addAndGet(Duration.ofMillis(150).toNanos());
      p.onProgress(new StageProgress("score", i, 10, 0, 0, Duration.ofMillis(150L * i)));
    }
    p.onStageSkipped("select", "complete");

    String s = sink.toString();
    assertThat(s).startsWith("[5/10] score ...\n\rscore [").contains("10/10").contains("\u001b[K")
        .endsWith("\n      select skipped (complete)\n");
    assertThat(s.split("\r")).hasSize(11);
  }
}
