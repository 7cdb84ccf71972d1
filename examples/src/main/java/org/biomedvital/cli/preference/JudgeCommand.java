package org.biomedvital.cli.preference;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.selection.judge.JudgeRunner;
import org.biomedvital.cli.FailureRateOption;
import org.biomedvital.cli.FailureReport;
import org.biomedvital.cli.ModelOptions;
import org.biomedvital.selection.judge.HeuristicJudgeProvider;
import org.biomedvital.spi.PreferenceJudgeProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code biomed-vital judge}: rates candidates under the clinician rubric; resumable. */
@Command(name = "judge", mixinStandardHelpOptions = true,
    description = {"Rate candidates under the clinician rubric (point-wise 0-10, or pair-wise with "
        + "position swap); resumes where a previous run stopped.",
    "Offline by default (heuristic); name a model provider with --provider to judge with a"
        + " vision LLM."})
public final class JudgeCommand implements CliCommand, Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--candidates", required = true, paramLabel = "FILE",
      description = "The candidates to rate (candidates.jsonl).")
  Path candidates;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "ratings.jsonl (point-wise) or verdicts.jsonl (pair-wise); failures go to"
          + " <name>.failures.jsonl and a rerun retries them.")
  Path out;

  @Option(names = "--mode", defaultValue = "pointwise", paramLabel = "MODE",
      description = "pointwise or pairwise (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
      description = "Judge calls in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Mixin ModelOptions model = new ModelOptions(HeuristicJudgeProvider.NAME);

  @Mixin RubricOptions rubric;

  @Mixin FailureRateOption failureRate;

  /** Picocli creates it. */
  public JudgeCommand() {}

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (concurrency <= 0) {
      throw new CommandLine.ParameterException(cl,
          "--concurrency must be > 0 but was " + concurrency);
    }
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("pointwise") && !m.equals("pairwise")) {
      throw new CommandLine.ParameterException(cl,
          "--mode must be pointwise or pairwise but was '" + mode + "'");
    }
    model.check(PreferenceJudgeProvider.class, cl.getErr());
    JudgeRunner.Builder b = JudgeRunner.builder().concurrency(concurrency).scope(rubric.scope())
        .rater(RubricOptions.rater(model));
    PrintWriter w = cl.getOut();
    FailureReport failures = new FailureReport();
    if (m.equals("pointwise")) {
      JudgeRunner.Summary s = b.judge(rubric.pointwise(model, failures)).build()
          .run(candidates, out);
      w.println(s.describe());
      w.println("failures still open: " + JudgeRunner.remainingFailures(out).total()
          + " (a failure resolved by a later run no longer counts)");
      w.println("ratings: " + out);
      w.flush();
      return failures.finish(cl.getErr(), "candidates", s.rated() + s.failed(), s.failed(),
          failureRate.budget(), s.failures());
    }
    JudgeRunner.PairwiseSummary s = b.pairwiseJudge(rubric.pairwise(model, failures)).build()
        .runPairwise(candidates, out);
    w.println(s.describe());
    if (model.isModelProvider()) {
      w.println("verdicts: " + out);
    }
    w.flush();
    return failures.finish(cl.getErr(), "pairs", s.comparisons() + s.failed(), s.failed(),
        failureRate.budget(), JudgeRunner.failuresFile(out));
  }
}
