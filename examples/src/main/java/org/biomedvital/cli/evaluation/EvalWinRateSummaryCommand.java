package org.biomedvital.cli.evaluation;

import java.nio.file.Path;
import org.biomedvital.evaluation.winrate.WinRateFiles;
import org.biomedvital.evaluation.winrate.WinRateReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code biomed-vital eval win-rate-summary}: the win-rate report of an existing judgement file. */
@Command(name = "win-rate-summary", mixinStandardHelpOptions = true,
    description = "Win-rate report from a judgement file (ours, or BioMed-VITAL win_rate.py output).")
final class EvalWinRateSummaryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--judgements", required = true, paramLabel = "FILE",
      description = "Judgement JSONL: question_id, result (and result_swapped).")
  Path judgements;

  @Option(names = "--json", description = "Print the report as JSON (percentages, full precision).")
  boolean json;

  @Override
  public void run() {
    EvalWinRateCommand.print(spec.commandLine().getOut(),
        WinRateReport.compute(WinRateFiles.readJudgements(judgements)), json);
  }
}
