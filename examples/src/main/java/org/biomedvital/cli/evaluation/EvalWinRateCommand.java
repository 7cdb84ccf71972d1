package org.biomedvital.cli.evaluation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.winrate.PairJudgement;
import org.biomedvital.evaluation.winrate.WinRateEvaluator;
import org.biomedvital.evaluation.winrate.WinRateFiles;
import org.biomedvital.evaluation.winrate.WinRateReport;
import org.biomedvital.cli.ModelOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code biomed-vital eval win-rate}: pairwise win rate of answers A against answers B. */
@Command(name = "win-rate", mixinStandardHelpOptions = true,
    description = {"Pairwise win rate of model A's answers against model B's, judged in both orders.",
        "--provider and --model name the judge (required)."})
final class EvalWinRateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--questions", required = true, paramLabel = "FILE",
      description = "Question JSONL (question_id, text, gpt4_answer, image, answer_type).")
  Path questions;

  @Option(names = "--answers-a", required = true, paramLabel = "FILE", description = "Model A's answers.")
  Path answersA;

  @Option(names = "--answers-b", required = true, paramLabel = "FILE", description = "Model B's answers.")
  Path answersB;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Judgement JSONL to write (appended; a rerun judges only missing questions).")
  Path out;

  @Mixin ModelOptions judge = new ModelOptions();

  @Option(names = "--images", paramLabel = "DIR",
      description = "Image folder; without it the judge sees text only.")
  Path images;

  @Option(names = "--one-order", description = "Ask once (A first), as the official script does.")
  boolean oneOrder;

  @Option(names = "--include-closed", description = "Also judge closed (yes/no) questions.")
  boolean includeClosed;

  @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
      description = "Judge N questions at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--json", description = "Print the report as JSON (percentages, full precision).")
  boolean json;

  @Override
  public void run() {
    judge.check(null, spec.commandLine().getErr());
    WinRateEvaluator.Builder b = WinRateEvaluator.builder()
        .concurrency(concurrency)
        .judge(judge.chatModel(Map.of()))
        .judgeName(judge.displayName())
        .bothOrders(!oneOrder)
        .includeClosed(includeClosed);
    if (images != null) {
      b.imageRoot(ImageRoot.of(images));
    }
    List<PairJudgement> js = b.build().run(WinRateFiles.readQuestions(questions),
        AnswerFiles.read(answersA), AnswerFiles.read(answersB), out);
    print(spec.commandLine().getOut(), WinRateReport.compute(js), json);
  }

  /** Prints a report as text or JSON. */
  static void print(PrintWriter w, WinRateReport r, boolean json) {
    if (json) {
      w.println(EvalOutput.pretty(EvalOutput.winRate(r)));
    } else {
      w.printf(Locale.ROOT, "wins %d, losses %d, ties %d (inconsistent orders %d), unparseable %d%n",
          r.wins(), r.losses(), r.ties(), r.inconsistent(), r.unparseable().size());
      w.printf(Locale.ROOT, "win rate (ties as half): %s%% [95%% CI %s, %s]%n",
          EvalOutput.fixed(r.winRate() * 100), EvalOutput.fixed(r.winRateInterval().low() * 100),
          EvalOutput.fixed(r.winRateInterval().high() * 100));
      w.printf(Locale.ROOT, "win rate excluding ties: %s%% [95%% CI %s, %s]%n",
          EvalOutput.fixed(r.winRateExcludingTies() * 100),
          EvalOutput.fixed(r.winRateExcludingTiesInterval().low() * 100),
          EvalOutput.fixed(r.winRateExcludingTiesInterval().high() * 100));
      w.printf(Locale.ROOT, "official script tally: win1 %d, win2 %d, tie %d%n",
          r.officialWin1(), r.officialWin2(), r.officialTie());
    }
    w.flush();
  }
}
