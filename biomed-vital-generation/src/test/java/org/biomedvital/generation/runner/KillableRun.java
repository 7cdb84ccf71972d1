package org.biomedvital.generation.runner;

import java.nio.file.Path;
import java.time.Duration;
import org.biomedvital.generation.offline.CaptionGroundedGenerator;

/** A child-process main for the kill-and-restart test: a slow run over generated figures. */
public final class KillableRun {
  private KillableRun() {}

  /** Args: output folder, number of figures, candidates per figure, sleep per candidate (ms). */
  public static void main(String[] args) {
    GenerationRunner.builder()
        .generator(new CountingGenerator(new CaptionGroundedGenerator(), Long.parseLong(args[3])))
        .outputDir(Path.of(args[0]))
        .candidatesPerFigure(Integer.parseInt(args[2]))
        .concurrency(4)
        .seed(11)
        .progressInterval(Duration.ofSeconds(1))
        .build()
        .run(GenerationRunnerTest.figures(Integer.parseInt(args[1])));
  }
}
