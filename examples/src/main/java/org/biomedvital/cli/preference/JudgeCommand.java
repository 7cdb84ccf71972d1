package org.biomedvital.cli.preference;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.selection.judge.JudgeRunner;
import org.biomedvital.selection.judge.ModelPairwiseJudge;
import org.biomedvital.selection.PairwiseJudge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code biomed-vital judge}: rates candidates under the clinician rubric; resumable. */
@Command(name = "judge", mixinStandardHelpOptions = true,
    description = "Rate candidates under the clinician rubric (point-wise 0-10, or pair-wise with "
        + "position swap); resumes where a previous run stopped.")
public final class JudgeCommand implements CliCommand, Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--candidates", required = true, paramLabel = "FILE",
      description = "candidates.jsonl")
  Path candidates;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "ratings.jsonl (point-wise) or verdicts.jsonl (pair-wise); failures go to "
          + "<name>.failures.jsonl")
  Path out;

  @Option(names = "--mode", defaultValue = "pointwise", paramLabel = "MODE",
      description = "pointwise (default) or pairwise")
  String mode;

  @Option(names = "--concurrency", defaultValue = "4", paramLabel = "C",
      description = "judge calls in flight (default 4)")
  int concurrency;

  @Mixin JudgeOptions judge;

  /** Picocli creates it. */
  public JudgeCommand() {}

  @Override
  public Integer call() {
    if (concurrency <= 0) {
      throw new IllegalArgumentException("--concurrency must be > 0 but was " + concurrency);
    }
    JudgeRunner.Builder b = JudgeRunner.builder().concurrency(concurrency).scope(judge.scope())
        .rater(judge.rater());
    if (judge.images != null) {
      b.images(judge.imageRoot());
    }
    var w = spec.commandLine().getOut();
    switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "pointwise": {
        JudgeRunner.Summary s = b.judge(judge.pointwise()).build().run(candidates, out);
        w.println(s.describe());
        w.println("failures still open: " + JudgeRunner.remainingFailures(out).total()
            + " (a failure resolved by a later run no longer counts)");
        w.println("ratings: " + out);
        return 0;
      }
      case "pairwise": {
        PairwiseJudge pj = judge.pairwise();
        JudgeRunner.PairwiseSummary s = b.pairwiseJudge(pj).build().runPairwise(candidates, out);
        w.println(s.describe());
        if (pj instanceof ModelPairwiseJudge) {
          w.println("verdicts: " + out);
        }
        return 0;
      }
      default:
        throw new IllegalArgumentException(
            "--mode must be pointwise or pairwise but was '" + mode + "'");
    }
  }
}
